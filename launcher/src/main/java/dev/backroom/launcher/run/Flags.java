package dev.backroom.launcher.run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Flags as system properties of an app. Only flags that were given become properties: a flag
 * left out leaves the app's own default (its application.properties and config mappings), which
 * the launcher never restates.
 */
final class Flags {
  private final List<String> properties = new ArrayList<>();

  /** {@code -Dkey=value} when value is not null. */
  Flags set(String key, Object value) {
    if (value != null) {
      properties.add("-D" + key + "=" + value);
    }
    return this;
  }

  /** The caller's own {@code -Dkey=value}s, last, so that they win over a flag. */
  Flags passThrough(Map<String, String> given) {
    given.forEach(this::set);
    return this;
  }

  List<String> properties() {
    return List.copyOf(properties);
  }

  /** A path given relative to the caller's directory: the app runs in the repository root. */
  static String absolute(Path p) {
    return p == null ? null : p.toAbsolutePath().normalize().toString();
  }

  /** 1 to 65535. */
  static final class Port implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      try {
        int p = Integer.parseInt(value);
        if (p >= 1 && p <= 65535) {
          return p;
        }
      } catch (NumberFormatException e) {
        // refused below
      }
      throw new TypeConversionException("must be a port number (1-65535), not '" + value + "'");
    }
  }

  /** Whole seconds, {@code 30} or {@code 30s}, as a duration the apps read ({@code 30s}). */
  static final class Seconds implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
      String v = value.endsWith("s") ? value.substring(0, value.length() - 1) : value;
      if (!v.matches("[0-9]{1,9}")) {
        throw new TypeConversionException("takes whole seconds, not '" + value + "'");
      }
      return v + "s";
    }
  }

  /** An existing regular file. */
  static final class ExistingFile implements ITypeConverter<Path> {
    @Override
    public Path convert(String value) {
      Path p = Path.of(value);
      if (!Files.isRegularFile(p)) {
        throw new TypeConversionException("'" + value + "' is not a file");
      }
      return p;
    }
  }

  /** An executable file. */
  static final class Executable implements ITypeConverter<Path> {
    @Override
    public Path convert(String value) {
      Path p = Path.of(value);
      if (!Files.isRegularFile(p) || !Files.isExecutable(p)) {
        throw new TypeConversionException("'" + value + "' is not executable");
      }
      return p;
    }
  }
}
