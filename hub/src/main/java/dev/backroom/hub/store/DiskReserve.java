package dev.backroom.hub.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.SplittableRandom;
import org.jboss.logging.Logger;

/**
 * A file of {@code backroom.storage.reserve} bytes in the data directory that the hub deletes
 * when its disk is nearly full, and writes again once there is room: space held in advance for
 * H2, as databases keep a ballast file for the same end.
 *
 * <p>Why: the low-water mark ({@link DiskSpace}) keeps the telemetry outbox off a disk that
 * fills, but the control loop and the API still write. When something else leaves them the
 * disk's last few hundred KB, a large commit (a drain's pass) meets a refused write, H2 closes
 * its database, and reads that were fine answer 503 while each new connection opens the file
 * again on a disk with no room. Deleting the reserve gives H2 that room at once.
 *
 * <p>Released when less than its own size is free ({@link DiskWatch} reads the disk twice a
 * second), or at once when a write meets a full disk ({@link StorageHealth}); written again when
 * the low-water mark's clearing level plus the reserve is free, so that writing it never puts
 * the disk under the mark. Its bytes are random: a filesystem that compresses (btrfs, ZFS)
 * would hold zeros in no space at all. Deleting it by hand is harmless; the hub writes it again.
 * Thread-safe.
 */
public final class DiskReserve {
  private static final Logger LOG = Logger.getLogger(DiskReserve.class);
  public static final String FILE_NAME = "disk-reserve";
  private static final long RETRY_SECONDS = 60;
  /** No reserve: for hubs and tests that do not hold one. */
  public static final DiskReserve NONE = new DiskReserve(null, 0, 0);

  /** What {@link #step} decides for one reading of the disk. */
  enum Step { HOLD, RELEASE, WRITE }

  private final Path file;
  private final long size;
  private final long writeAt;
  private boolean held;
  private boolean writeFailed;
  /** After a failed write, the next is tried no sooner than this ({@link System#nanoTime}). */
  private long retryAfter;

  /**
   * A reserve of {@code size} bytes at {@code file}, written when {@code clearAt + size} bytes
   * are free ({@code clearAt}: {@link DiskSpace#clearAt()}). A file there of another size (an
   * old setting, a write the process did not finish) is replaced.
   */
  public DiskReserve(Path file, long size, long clearAt) {
    this.file = file;
    this.size = file == null ? 0 : size;
    this.writeAt = clearAt + this.size;
    this.held = this.size > 0 && sizeIs(file, this.size);
    if (file != null && this.size <= 0) {
      // Switched off: a reserve an earlier setting left would hold its space for nothing.
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        LOG.warnf("cannot delete the old disk reserve %s: %s", file, e.getMessage());
      }
    }
  }

  /** The decision for one reading: {@code free} is {@link DiskSpace#UNKNOWN} if unread. */
  static Step step(boolean held, long free, long size, long writeAt) {
    if (size <= 0 || free == DiskSpace.UNKNOWN) {
      return Step.HOLD;
    }
    if (held && free < size) {
      return Step.RELEASE;
    }
    if (!held && free >= writeAt) {
      return Step.WRITE;
    }
    return Step.HOLD;
  }

  /** Acts on one reading of the disk's free bytes. */
  public synchronized void adjust(long free) {
    switch (step(held, free, size, writeAt)) {
      case RELEASE -> release(free + " bytes free, under the reserve's own size");
      case WRITE -> {
        if (!writeFailed || System.nanoTime() - retryAfter >= 0) {
          write();
        }
      }
      case HOLD -> { }
    }
  }

  /** Deletes the reserve if held; returns whether it was. */
  public synchronized boolean release(String why) {
    if (!held) {
      return false;
    }
    held = false;
    try {
      Files.deleteIfExists(file);
      LOG.warnf("released the disk reserve (%d bytes, %s) for the hub's database: %s; it is "
          + "written again once %d bytes are free", size, file, why, writeAt);
    } catch (IOException e) {
      LOG.warnf("cannot delete the disk reserve %s: %s", file, e.getMessage());
    }
    return true;
  }

  public synchronized boolean held() {
    return held;
  }

  public long size() {
    return size;
  }

  public Path file() {
    return file;
  }

  private void write() {
    byte[] chunk = new byte[1 << 20];
    new SplittableRandom().nextBytes(chunk);
    try {
      Files.deleteIfExists(file);
      try (FileChannel ch = FileChannel.open(file, java.util.Set.of(StandardOpenOption.CREATE_NEW,
          StandardOpenOption.WRITE), PosixFilePermissions.asFileAttribute(
              PosixFilePermissions.fromString("rw-------")))) {
        for (long left = size; left > 0; left -= chunk.length) {
          ByteBuffer b = ByteBuffer.wrap(chunk, 0, (int) Math.min(chunk.length, left));
          while (b.hasRemaining()) {
            ch.write(b);
          }
        }
        // Written is not yet allocated on every filesystem (delayed allocation); synced is.
        ch.force(true);
      }
      held = true;
      writeFailed = false;
      LOG.infof("holding a disk reserve of %d bytes (%s), released when the disk is nearly full",
          size, file);
    } catch (IOException | UnsupportedOperationException e) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException ignored) {
        // Nothing more to do: the next reading tries again.
      }
      if (!writeFailed) {
        LOG.warnf("cannot write the disk reserve %s (%d bytes): %s; tried again every %d s",
            file, size, e.getMessage(), RETRY_SECONDS);
      }
      writeFailed = true;
      retryAfter = System.nanoTime() + RETRY_SECONDS * 1_000_000_000L;
    }
  }

  private static boolean sizeIs(Path file, long size) {
    try {
      return Files.isRegularFile(file) && Files.size(file) == size;
    } catch (IOException e) {
      return false;
    }
  }
}
