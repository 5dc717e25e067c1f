package dev.backroom.launcher.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * How {@code ./backroom demo restart PART} reaches a running demo: files under
 * {@code DATA/demo-control} (the data directory is the demo's, owner-only). The demo writes its
 * own pid and each part's; a restart writes {@code restart-PART.request}, which the demo takes
 * (deletes), acts on, and answers in {@code restart-PART.result}. Files, not a port: nothing new
 * listens, and only who may read the demo's data may ask.
 */
final class DemoControl {
  static final List<String> PARTS = List.of("hub", "agent", "cloud");

  private final Path dir;

  DemoControl(Path data) {
    this.dir = data.resolve("demo-control");
  }

  void open(long demoPid) {
    try {
      Files.createDirectories(dir);
      for (String part : PARTS) {
        Files.deleteIfExists(request(part));
        Files.deleteIfExists(result(part));
      }
      Files.writeString(dir.resolve("demo.pid"), Long.toString(demoPid));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void started(String part, long pid) {
    write(dir.resolve(part + ".pid"), Long.toString(pid));
  }

  /** The running demo's pid, if a demo runs with this data directory. */
  Optional<Long> demoPid() {
    try {
      long pid = Long.parseLong(Files.readString(dir.resolve("demo.pid")).trim());
      return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).map(h -> pid);
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** Takes a pending restart request for {@code part}; true when there was one. */
  boolean takeRequest(String part) {
    try {
      return Files.deleteIfExists(request(part));
    } catch (IOException e) {
      return false;
    }
  }

  void answer(String part, String text) {
    write(result(part), text);
  }

  /** Asks for a restart; false when one is already pending. */
  boolean ask(String part) {
    try {
      Files.deleteIfExists(result(part));
      Files.createFile(request(part));
      return true;
    } catch (FileAlreadyExistsException e) {
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The demo's answer once the request was taken and acted on. */
  Optional<String> result(String part, boolean consume) {
    Path r = result(part);
    try {
      if (Files.exists(request(part)) || !Files.exists(r)) {
        return Optional.empty();
      }
      String text = Files.readString(r).trim();
      if (consume) {
        Files.deleteIfExists(r);
      }
      return Optional.of(text);
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private Path request(String part) {
    return dir.resolve("restart-" + part + ".request");
  }

  private Path result(String part) {
    return dir.resolve("restart-" + part + ".result");
  }

  private static void write(Path file, String text) {
    try {
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      Files.writeString(tmp, text);
      Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
