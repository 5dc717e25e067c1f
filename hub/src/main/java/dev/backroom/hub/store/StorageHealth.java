package dev.backroom.hub.store;

import dev.backroom.jdbc.StorageFailure;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * What the hub last saw of its storage: the newest {@link StorageFailure} (disk full, database
 * closed) and the newest write known to be durable. The readiness check reads it, so an
 * operator sees a hub whose writes fail although a read still answers (H2 reopens its file for
 * every new connection and reads it fine while the disk is full; only writes fail).
 *
 * <p>Failing is a recent failure with no durable write after it: a write that succeeds ends it
 * at once, and so does {@link #WINDOW} without a new failure, since nothing may try to write
 * for a while after the disk was freed. Thread-safe; one line is logged per failure episode,
 * not per failed statement (a full disk fails hundreds a second).
 */
public final class StorageHealth {
  private static final Logger LOG = Logger.getLogger(StorageHealth.class);
  /** How long a storage failure counts without a newer one. */
  public static final Duration WINDOW = Duration.ofSeconds(10);

  /** The state at one instant; {@code failure} empty when the storage is not failing. */
  public record State(Optional<StorageFailure> failure, Instant lastFailureAt, String lastError) {
    public boolean failing() {
      return failure.isPresent();
    }
  }

  private final Clock clock;
  private final DiskSpace disk;
  private final DiskReserve reserve;
  private StorageFailure lastFailure;
  private Instant lastFailureAt;
  private String lastError;
  private Instant lastWriteAt;

  public StorageHealth(Clock clock) {
    this(clock, DiskSpace.UNWATCHED, DiskReserve.NONE);
  }

  public StorageHealth(Clock clock, DiskSpace disk) {
    this(clock, disk, DiskReserve.NONE);
  }

  /** {@code reserve} is released at the first write that meets a full disk. */
  public StorageHealth(Clock clock, DiskSpace disk, DiskReserve reserve) {
    this.clock = clock;
    this.disk = disk;
    this.reserve = reserve;
  }

  /** The data directory's free space against its low-water mark ({@link DiskSpace}). */
  public DiskSpace disk() {
    return disk;
  }

  /** Space held for H2, released when the disk is nearly full ({@link DiskReserve}). */
  public DiskReserve reserve() {
    return reserve;
  }

  /**
   * Records {@code e} if it is a storage failure; returns what it was, if one. A full disk
   * releases the reserve, so that H2, which closed its database at the refused write, finds room
   * when the next connection opens it again.
   */
  public Optional<StorageFailure> failed(Throwable e) {
    Optional<StorageFailure> f = StorageFailure.of(e);
    f.ifPresent(kind -> {
      boolean wasFailing;
      synchronized (this) {
        wasFailing = state().failing();
        lastFailure = kind;
        lastFailureAt = clock.instant();
        lastError = firstLine(e);
      }
      if (kind == StorageFailure.FULL) {
        reserve.release("a write met a full disk");
      }
      if (!wasFailing) {
        LOG.warnf("the hub's storage is %s; writes fail until it recovers: %s",
            kind == StorageFailure.FULL ? "full" : "unavailable", firstLine(e));
      }
    });
    return f;
  }

  /** A write reached the disk: the storage works again. */
  public void wrote() {
    boolean wasFailing;
    synchronized (this) {
      wasFailing = lastFailure != null && state().failing();
      lastWriteAt = clock.instant();
    }
    if (wasFailing) {
      LOG.info("the hub's storage accepts writes again");
    }
  }

  public synchronized State state() {
    Instant now = clock.instant();
    boolean failing = lastFailure != null
        && (lastWriteAt == null || lastFailureAt.isAfter(lastWriteAt))
        && now.isBefore(lastFailureAt.plus(WINDOW));
    return new State(failing ? Optional.of(lastFailure) : Optional.empty(), lastFailureAt,
        lastError);
  }

  private static String firstLine(Throwable e) {
    Throwable deepest = e;
    for (int i = 0; i < 16 && deepest.getCause() != null; i++) {
      deepest = deepest.getCause();
    }
    String m = String.valueOf(deepest.getMessage());
    return m.lines().findFirst().orElse("");
  }
}
