package dev.backroom.agent;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The agent's command line: {@code --name value}, {@code --name=value} and switches. Hand-written
 * rather than picocli because the agent starts on every boot of a small device: picocli's classes
 * are compiled for Java 5, so the JVM verifies them with its old, slow verifier and cannot keep
 * them in the class archive (~170 classes, ~250 ms of a ~1.2 s start and ~2 MB of metaspace).
 * The one-off {@code register} command still uses picocli.
 */
final class Flags {
  /** A wrong command line; the message says what. */
  static final class UsageException extends IllegalArgumentException {
    UsageException(String message) {
      super(message);
    }
  }

  /** One flag: a value label (null for a switch), repeatable or not, its help line. */
  record Flag(String name, String label, boolean repeatable, String help) {}

  private final List<Flag> flags;
  private final Map<String, List<String>> values = new LinkedHashMap<>();

  private Flags(List<Flag> flags) {
    this.flags = flags;
  }

  static Flags parse(List<Flag> flags, String... args) {
    Flags f = new Flags(flags);
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      int eq = arg.indexOf('=');
      String name = arg.startsWith("--") && eq > 0 ? arg.substring(0, eq) : arg;
      Flag flag = flags.stream().filter(x -> x.name().equals(name)).findFirst()
          .orElseThrow(() -> new UsageException("unknown option: '" + arg + "'"));
      String value;
      if (flag.label() == null) {
        if (eq > 0 && arg.startsWith("--")) {
          throw new UsageException(name + " takes no value");
        }
        value = "true";
      } else if (name.length() < arg.length()) {
        value = arg.substring(eq + 1);
      } else if (i + 1 < args.length) {
        value = args[++i];
      } else {
        throw new UsageException("missing value for " + name + " " + flag.label());
      }
      List<String> list = f.values.computeIfAbsent(name, k -> new ArrayList<>());
      if (!list.isEmpty() && !flag.repeatable()) {
        throw new UsageException(name + " given more than once");
      }
      list.add(value);
    }
    return f;
  }

  boolean has(String name) {
    return values.containsKey(name);
  }

  String string(String name, String fallback) {
    List<String> v = values.get(name);
    return v == null ? fallback : v.get(0);
  }

  String required(String name) {
    String v = string(name, null);
    if (v == null) {
      throw new UsageException("missing required option: " + name);
    }
    return v;
  }

  Long number(String name, Long fallback) {
    String v = string(name, null);
    try {
      return v == null ? fallback : Long.valueOf(v.trim());
    } catch (NumberFormatException e) {
      throw new UsageException(name + ": '" + v + "' is not a whole number");
    }
  }

  Path path(String name, String fallback) {
    String v = string(name, fallback);
    try {
      return v == null ? null : Path.of(v);
    } catch (InvalidPathException e) {
      throw new UsageException(name + ": '" + v + "' is not a path");
    }
  }

  /** A repeatable KEY=VALUE flag, in the order given. */
  Map<String, String> keyValues(String name) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String v : values.getOrDefault(name, List.of())) {
      int eq = v.indexOf('=');
      if (eq <= 0) {
        throw new UsageException(name + ": '" + v + "' is not KEY=VALUE");
      }
      out.put(v.substring(0, eq), v.substring(eq + 1));
    }
    return out;
  }

  /** The usage text: the synopsis, then one entry per flag. */
  static String usage(String synopsis, List<Flag> flags) {
    StringBuilder b = new StringBuilder(synopsis).append("\n\n");
    for (Flag f : flags) {
      b.append("  ").append(f.name());
      if (f.label() != null) {
        b.append(' ').append(f.label());
      }
      b.append("\n      ").append(f.help()).append('\n');
    }
    return b.toString();
  }
}
