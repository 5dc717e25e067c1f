package dev.backroom.soak.extra;

import dev.backroom.harness.Command;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The hub's disk nearly full: its data directory lives on a small filesystem of its own (a tmpfs
 * mounted with {@code size=}), and {@link #inject(long)} fills that filesystem with a ballast
 * file until only a given number of bytes is free; {@link #heal()} deletes the ballast. The H2
 * outbox then meets a disk that refuses to grow while its own bound (outbox-max-bytes) is still
 * far: what a store appliance with a small, shared partition meets.
 *
 * <p>Use: {@link #mount(Path, long)} before the hub first starts (enrol it into
 * {@link #path()}), inject and heal at will, {@link #close()} after the hub has stopped (it
 * unmounts). Mounting needs root; without it, or without {@code mount}, {@link #mount} fails
 * with a message that says so rather than quietly running the hub on the ordinary disk.
 */
public final class FullDisk implements AutoCloseable {
  private static final String BALLAST = ".soak-ballast";

  private final Path mountPoint;
  private final long sizeBytes;
  private boolean active;
  private int injected;

  private FullDisk(Path mountPoint, long sizeBytes) {
    this.mountPoint = mountPoint;
    this.sizeBytes = sizeBytes;
  }

  /** Mounts a tmpfs of sizeBytes at mountPoint (created if missing, which must be empty). */
  public static FullDisk mount(Path mountPoint, long sizeBytes) {
    Command.Result id = Command.run(List.of("id", "-u"), 10);
    if (id.exit() != 0 || !id.stdout().trim().equals("0")) {
      throw new IllegalStateException("the full-disk fault mounts a tmpfs for the hub's data "
          + "directory and needs root (uid " + id.stdout().trim() + "): run the soak as root");
    }
    try {
      Files.createDirectories(mountPoint);
      try (var entries = Files.list(mountPoint)) {
        if (entries.findAny().isPresent()) {
          throw new IllegalStateException(mountPoint + " is not empty: a tmpfs would hide its files");
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Command.Result r = Command.run(List.of("mount", "-t", "tmpfs", "-o",
        "size=" + sizeBytes + ",mode=0755", "soak-full-disk", mountPoint.toAbsolutePath().toString()), 30);
    if (r.exit() != 0) {
      throw new IllegalStateException("cannot mount a " + sizeBytes + "-byte tmpfs at " + mountPoint
          + " (exit " + r.exit() + "; a container needs CAP_SYS_ADMIN): " + r.stderr());
    }
    return new FullDisk(mountPoint, sizeBytes);
  }

  /** The small filesystem's root: put the hub's data directory here or below. */
  public Path path() {
    return mountPoint;
  }

  public long sizeBytes() {
    return sizeBytes;
  }

  /** Bytes free for an ordinary process right now. */
  public long freeBytes() {
    try {
      FileStore fs = Files.getFileStore(mountPoint);
      return fs.getUsableSpace();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Writes as much ballast as leaves leaveFreeBytes free at the time of the call (or until the
   * disk refuses more); returns the ballast's size. The amount is read once, up front: space
   * the hub frees while the ballast is written (its disk reserve) stays free, as it would if
   * whatever filled a store's disk had stopped. A second injection tops the ballast up.
   */
  public synchronized long inject(long leaveFreeBytes) {
    Path ballast = mountPoint.resolve(BALLAST);
    byte[] chunk = new byte[64 * 1024];
    try (OutputStream out = Files.newOutputStream(ballast, java.nio.file.StandardOpenOption.CREATE,
        java.nio.file.StandardOpenOption.APPEND)) {
      for (long left = freeBytes() - leaveFreeBytes; left > 0; left -= chunk.length) {
        out.write(chunk, 0, (int) Math.min(chunk.length, left));
      }
      out.flush();
    } catch (IOException e) {
      // No space left: the disk is as full as it gets, which is the point.
    }
    if (!active) {
      injected++;
    }
    active = true;
    try {
      return Files.size(ballast);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Deletes the ballast; idempotent. */
  public synchronized void heal() {
    try {
      Files.deleteIfExists(mountPoint.resolve(BALLAST));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    active = false;
  }

  public synchronized boolean active() {
    return active;
  }

  /** How many times the disk was filled (a top-up while full does not count). */
  public synchronized int injected() {
    return injected;
  }

  /** Unmounts (lazily, should a process still hold a file there); the data goes with it. */
  @Override
  public void close() {
    heal();
    Command.Result r = Command.run(List.of("umount", "-l", mountPoint.toAbsolutePath().toString()), 30);
    if (r.exit() != 0) {
      throw new IllegalStateException("cannot unmount " + mountPoint + ": " + r.stderr());
    }
  }
}
