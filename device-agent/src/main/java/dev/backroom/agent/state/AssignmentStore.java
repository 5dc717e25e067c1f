package dev.backroom.agent.state;

import dev.backroom.config.json.Json;
import dev.backroom.mqtt.message.Assignment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps the last accepted assignment in {@code <dataDir>/assignment.json}, so a device keeps
 * running its workload across reboots while the hub or broker is down.
 *
 * <p>Crash safety: {@link #save} writes a temp file, fsyncs it, renames it over the old file
 * atomically and fsyncs the directory ({@link AtomicFile}). A crash at any point leaves either
 * the old or the new assignment on disk, never a torn one. Not thread-safe: one writer (the
 * agent loop).
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
      AtomicFile.write(dir, file, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot store assignment in " + file, e);
    }
  }

  /**
   * The stored assignment; empty when there is none or it cannot be read (logged, and the bad
   * file is kept aside for a post-mortem rather than deleted). An existing file and the data
   * directory are first narrowed to 0600 and 0700.
   *
   * @throws java.io.UncheckedIOException when their modes cannot be set
   */
  public Optional<Assignment> load() {
    AtomicFile.narrow(dir, file);
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
      AtomicFile.keepAside(file);
      return Optional.empty();
    }
  }
}
