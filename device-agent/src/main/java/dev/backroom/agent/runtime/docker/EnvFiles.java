package dev.backroom.agent.runtime.docker;

import dev.backroom.agent.runtime.ContainerRuntimeException;
import dev.backroom.config.model.EnvironmentFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ECS {@code environmentFiles}, read from the device. ECS fetches them from S3, which a store
 * device cannot reach, so {@code value} is an absolute path on the device (type {@code file},
 * or {@code s3} kept for compatibility). The format is ECS's: {@code VARIABLE=VALUE} lines,
 * the value taken literally (no quotes, no expansion), blank lines and lines starting with
 * {@code #} skipped. As in the ECS agent, a variable's first definition wins (files are read top
 * down) and the container's {@code environment} wins over every file.
 *
 * <p>The agent runs as a privileged user and a task definition comes from the hub, so a path is
 * honoured only inside the directory the device's operator set aside ({@code --env-file-dir}):
 * after normalisation it must lie in that directory (no {@code ..} escape, no symlinked
 * directory leading out), be a regular file that is not a symlink, and hold at most
 * {@link #MAX_BYTES}. Otherwise any file the agent can read (its own credentials,
 * {@code /proc/self/environ}) would be injected into a task, and {@code /dev/zero} or a FIFO
 * would exhaust or block the agent's loop. Anything refused, missing or unreadable, and a line
 * without {@code =}, fails the create with a message naming the file and the rule.
 */
final class EnvFiles {
  /** Larger than any sensible environment file, small enough to read on the loop thread. */
  static final int MAX_BYTES = 64 * 1024;

  private EnvFiles() {}

  /** @param dir the only directory environment files are read from */
  static Map<String, String> read(List<EnvironmentFile> files, Path dir) {
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
      parse(f.value(), readBounded(f.value(), dir), out);
    }
    return out;
  }

  /** The file's text, once every rule above holds. */
  private static String readBounded(String value, Path dir) {
    Path file = Path.of(value).normalize();
    Path root = dir.toAbsolutePath().normalize();
    if (!file.startsWith(root) || file.equals(root)) {
      throw refused(value, "is outside the environment file directory " + root
          + " (--env-file-dir); the agent reads environment files only from there");
    }
    try {
      // A symlinked directory inside the root could lead out of it: compare real parents.
      Path realRoot = root.toRealPath();
      Path realParent = file.getParent().toRealPath();
      if (!realParent.startsWith(realRoot)) {
        throw refused(value, "leads out of the environment file directory " + root
            + " through a symbolic link");
      }
      BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class,
          LinkOption.NOFOLLOW_LINKS);
      if (attrs.isSymbolicLink()) {
        throw refused(value, "is a symbolic link; environment files must be regular files in "
            + root);
      }
      if (!attrs.isRegularFile()) {
        throw refused(value, "is not a regular file; environment files must be regular files"
            + " in " + root);
      }
      if (attrs.size() > MAX_BYTES) {
        throw refused(value, "is larger than " + MAX_BYTES + " bytes");
      }
      byte[] bytes;
      try (InputStream in = Files.newInputStream(file, StandardOpenOption.READ,
          LinkOption.NOFOLLOW_LINKS)) {
        // Bounded even if the file grew since it was checked.
        bytes = in.readNBytes(MAX_BYTES + 1);
      }
      if (bytes.length > MAX_BYTES) {
        throw refused(value, "is larger than " + MAX_BYTES + " bytes");
      }
      return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw refused(value, "is not UTF-8 text");
    } catch (IOException e) {
      throw new ContainerRuntimeException("environment file " + value + " cannot be read: "
          + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()),
          e);
    }
  }

  private static ContainerRuntimeException refused(String value, String rule) {
    return new ContainerRuntimeException("environment file " + value + " refused: it " + rule,
        null);
  }

  private static void parse(String file, String text, Map<String, String> out) {
    List<String> lines = text.lines().toList();
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
