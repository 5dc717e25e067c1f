package dev.backroom.agent.runtime.docker;

import dev.backroom.agent.runtime.ContainerRuntimeException;
import dev.backroom.config.model.EnvironmentFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ECS {@code environmentFiles}, read from the device. ECS fetches them from S3, which a store
 * device cannot reach, so {@code value} is an absolute path on the device (type {@code file},
 * or {@code s3} kept for compatibility). The format is ECS's: {@code VARIABLE=VALUE} lines,
 * the value taken literally (no quotes, no expansion), blank lines and lines starting with
 * {@code #} skipped. As in the ECS agent, a variable's first definition wins (files are read top
 * down) and the container's {@code environment} wins over every file. A file that is missing,
 * unreadable or has a line without {@code =} fails the create with a message naming it.
 */
final class EnvFiles {
  private EnvFiles() {}

  static Map<String, String> read(List<EnvironmentFile> files) {
    Map<String, String> out = new LinkedHashMap<>();
    if (files == null) {
      return out;
    }
    for (EnvironmentFile f : files) {
      if (f == null) {
        continue;
      }
      String type = f.type() == null ? "file" : f.type();
      if (!type.equals("file") && !type.equals("s3")) {
        throw new ContainerRuntimeException("environment file " + f.value() + ": type " + type
            + " is not file or s3", null);
      }
      if (f.value() == null || !f.value().startsWith("/")) {
        throw new ContainerRuntimeException("environment file " + f.value() + ": not an"
            + " absolute path on the device (Backroom reads environment files locally)", null);
      }
      parse(Path.of(f.value()), out);
    }
    return out;
  }

  private static void parse(Path file, Map<String, String> out) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ContainerRuntimeException("environment file " + file + " cannot be read: "
          + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()),
          e);
    }
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("#")) {
        continue;
      }
      int eq = line.indexOf('=');
      if (eq <= 0) {
        throw new ContainerRuntimeException("environment file " + file + " line " + (i + 1)
            + " is not VARIABLE=VALUE", null);
      }
      out.putIfAbsent(line.substring(0, eq).strip(), line.substring(eq + 1));
    }
  }
}
