package dev.backroom.agent.state;

import dev.backroom.config.json.Json;
import dev.backroom.mqtt.message.Assignment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps the last accepted assignment in {@code <dataDir>/assignment.json}, so a device keeps
 * running its workload across reboots while the hub or broker is down.
 *
 * <p>Crash safety: {@link #save} writes a temp file, fsyncs it, renames it over the old file
 * atomically and fsyncs the directory. A crash at any point leaves either the old or the new
 * assignment on disk, never a torn one. Not thread-safe: one writer (the agent loop).
 */
public final class AssignmentStore {
  private static final Logger LOG = Logger.getLogger(AssignmentStore.class.getName());
  public static final String FILE_NAME = "assignment.json";

  private final Path dir;
  private final Path file;

  public AssignmentStore(Path dataDir) {
    this.dir = dataDir;
    this.file = dataDir.resolve(FILE_NAME);
  }

  public Path file() {
    return file;
  }

  /**
   * Durably replaces the stored assignment; returns only once it is on disk.
   *
   * @throws UncheckedIOException when the file cannot be written; the caller must not act on
   *     an assignment it could not store
   */
  public void save(Assignment assignment) {
    byte[] bytes = Json.write(assignment).getBytes(StandardCharsets.UTF_8);
    try {
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, FILE_NAME, ".tmp");
      try {
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
          ByteBuffer buf = ByteBuffer.wrap(bytes);
          while (buf.hasRemaining()) {
            ch.write(buf);
          }
          ch.force(true);
        }
        try {
          Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE,
              StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
          throw new IOException("file system of " + dir + " cannot rename atomically", e);
        }
      } finally {
        Files.deleteIfExists(tmp);
      }
      fsyncDirectory();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot store assignment in " + file, e);
    }
  }

  /**
   * The stored assignment; empty when there is none or it cannot be read (logged, and the bad
   * file is kept aside for a post-mortem rather than deleted).
   */
  public Optional<Assignment> load() {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      Assignment a = Json.read(Files.readString(file, StandardCharsets.UTF_8), Assignment.class);
      if (a == null || a.problem() != null) {
        throw new IOException("unusable assignment: " + (a == null ? "null" : a.problem()));
      }
      return Optional.of(a);
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.WARNING, "ignoring unreadable " + file + ": " + e.getMessage());
      try {
        Files.move(file, dir.resolve(FILE_NAME + ".corrupt"), StandardCopyOption.REPLACE_EXISTING);
      } catch (IOException moveFailed) {
        LOG.log(Level.FINE, "cannot move " + file + " aside", moveFailed);
      }
      return Optional.empty();
    }
  }

  private void fsyncDirectory() {
    // Makes the rename itself durable. Linux allows fsync on a directory opened for reading;
    // platforms that do not are tolerated, since the rename is still atomic there.
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      LOG.log(Level.FINE, "cannot fsync directory " + dir, e);
    }
  }
}
