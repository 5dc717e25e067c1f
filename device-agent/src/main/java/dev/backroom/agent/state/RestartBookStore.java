package dev.backroom.agent.state;

import dev.backroom.agent.model.ContainerKey;
import dev.backroom.agent.reconcile.RestartRecord;
import dev.backroom.config.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps the restart book (restarts counted against {@code maxAttempts}, backoff streak, last
 * attempt and error per container slot) in {@code <dataDir>/restarts.json}, so restarting the
 * agent does not hand an {@code on-failure} container a fresh set of attempts.
 *
 * <p>Written the same crash-safe way as the assignment ({@link AtomicFile}). Not thread-safe:
 * one writer (the agent loop).
 */
public final class RestartBookStore {
  private static final Logger LOG = Logger.getLogger(RestartBookStore.class.getName());
  public static final String FILE_NAME = "restarts.json";
  static final int VERSION = 1;

  /** The file's shape; instants as ISO-8601 text, so no Jackson time module is needed. */
  record Book(int version, List<Entry> containers) {}

  /** {@code earlierRestarts} and {@code lastExitCode} are absent from older books: 0 and none. */
  record Entry(String taskId, String container, String specHash, int restarts, int streak,
      String lastAttemptAt, String lastError, Integer earlierRestarts, Integer lastExitCode) {}

  private final Path dir;
  private final Path file;

  public RestartBookStore(Path dataDir) {
    this.dir = dataDir;
    this.file = dataDir.resolve(FILE_NAME);
  }

  public Path file() {
    return file;
  }

  /**
   * Durably replaces the stored book; returns only once it is on disk. Entries are written in
   * key order, so equal books give equal bytes.
   *
   * @throws UncheckedIOException when the file cannot be written
   */
  public void save(Map<ContainerKey, RestartRecord> book) {
    List<Entry> entries = new ArrayList<>();
    new TreeMap<>(book).forEach((k, r) -> entries.add(new Entry(k.taskId(), k.containerName(),
        r.specHash(), r.restarts(), r.streak(),
        r.lastAttemptAt() == null ? null : r.lastAttemptAt().toString(), r.lastError(),
        r.earlierRestarts(), r.lastExitCode())));
    byte[] bytes = Json.write(new Book(VERSION, entries)).getBytes(StandardCharsets.UTF_8);
    try {
      AtomicFile.write(dir, file, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot store restart book in " + file, e);
    }
  }

  /**
   * The stored book; empty when there is none or it cannot be read (logged, and the bad file is
   * kept aside). Losing the book only costs restart history, never a workload. An existing file
   * and the data directory are first narrowed to 0600 and 0700.
   *
   * @throws UncheckedIOException when their modes cannot be set
   */
  public Map<ContainerKey, RestartRecord> load() {
    Map<ContainerKey, RestartRecord> out = new TreeMap<>();
    AtomicFile.narrow(dir, file);
    if (!Files.exists(file)) {
      return out;
    }
    try {
      Book b = Json.read(Files.readString(file, StandardCharsets.UTF_8), Book.class);
      if (b == null || b.version() != VERSION || b.containers() == null) {
        throw new IOException("unusable restart book" + (b == null ? "" : " version "
            + b.version()));
      }
      for (Entry e : b.containers()) {
        if (e.taskId() == null || e.container() == null || e.specHash() == null) {
          throw new IOException("entry without taskId, container or specHash");
        }
        out.put(new ContainerKey(e.taskId(), e.container()), new RestartRecord(e.specHash(),
            e.restarts(), e.streak(),
            e.lastAttemptAt() == null ? null : Instant.parse(e.lastAttemptAt()), e.lastError(),
            e.earlierRestarts() == null ? 0 : e.earlierRestarts(), e.lastExitCode()));
      }
      return out;
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.WARNING, "ignoring unreadable " + file + ": " + e.getMessage());
      AtomicFile.keepAside(file);
      return new TreeMap<>();
    }
  }
}
