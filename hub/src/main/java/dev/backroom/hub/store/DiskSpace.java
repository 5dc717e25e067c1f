package dev.backroom.hub.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.LongSupplier;
import org.jboss.logging.Logger;

/**
 * The free space of the filesystem that holds the hub's database, against a low-water mark.
 *
 * <p>Why: H2 closes its database at the first write the disk refuses, and every connection then
 * has to open the file again, which on a full disk is slow or fails; reads that were fine wait
 * behind those opens. The hub's one bulk writer is the telemetry outbox, so it stops taking
 * messages (their publishers keep them and resend; nothing acknowledged is at stake) while the
 * free space is under the mark. Everything else the hub writes is small and mostly fits in the
 * space H2 freed inside its own file, so the database stays open, and the store keeps its
 * control loop and API, through a disk that something else filled. A disk that fills to the
 * last byte still meets the old path ({@link StorageHealth}): refused writes, then recovery.
 *
 * <p>Low from under {@code lowWater} until {@code lowWater} plus a quarter (at least 1 MiB) is
 * free again, so that a disk hovering at the mark does not flap. One log line per change.
 * Thread-safe; {@link #low()} costs one {@code statvfs}.
 */
public final class DiskSpace {
  private static final Logger LOG = Logger.getLogger(DiskSpace.class);
  /** A filesystem that cannot say its free space is taken for one with room. */
  public static final long UNKNOWN = -1;
  /** Never low: for hubs and tests that do not watch a disk. */
  public static final DiskSpace UNWATCHED = new DiskSpace(() -> UNKNOWN, 0);

  private final LongSupplier usable;
  private final long lowWater;
  private final long clearAt;
  private volatile boolean low;
  private volatile long lastFree = UNKNOWN;

  public DiskSpace(LongSupplier usable, long lowWater) {
    this.usable = usable;
    this.lowWater = lowWater;
    this.clearAt = lowWater + Math.max(1L << 20, lowWater / 4);
  }

  /** The usable space of {@code dir}'s filesystem, as an unprivileged process gets it. */
  public static DiskSpace of(Path dir, long lowWater) {
    return new DiskSpace(() -> {
      try {
        return Files.getFileStore(dir).getUsableSpace();
      } catch (IOException | RuntimeException e) {
        return UNKNOWN;
      }
    }, lowWater);
  }

  /** Reads the free space now: whether it is (still) under the mark. */
  public boolean low() {
    long free = usable.getAsLong();
    lastFree = free;
    if (free == UNKNOWN) {
      return low;
    }
    synchronized (this) {
      if (!low && free < lowWater) {
        low = true;
        LOG.warnf("the hub's disk has %d bytes free, under backroom.storage.low-water (%d):"
            + " telemetry is refused until %d bytes are free", free, lowWater, clearAt);
      } else if (low && free >= clearAt) {
        low = false;
        LOG.infof("the hub's disk has %d bytes free again: telemetry is taken again", free);
      }
      return low;
    }
  }

  /** The free bytes the last {@link #low()} read; {@link #UNKNOWN} if none could be read. */
  public long lastFree() {
    return lastFree;
  }

  public long lowWater() {
    return lowWater;
  }

  public long clearAt() {
    return clearAt;
  }
}
