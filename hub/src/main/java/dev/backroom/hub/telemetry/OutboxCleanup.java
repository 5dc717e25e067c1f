package dev.backroom.hub.telemetry;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Deletes the rows of cut batches, which sit below the outbox's watermark (see OutboxStore), a
 * range of ids at a time, on the writer thread. The writer calls {@link #step} when it has
 * nothing else to do, which during a drain is while the cloud stores a batch, so the deletes
 * overlap the upload instead of lengthening each cut; and also between groups once more than
 * {@code maxOwed} ids are waiting, so the dead rows (disk the byte bound does not count) stay
 * bounded when the writer is never idle.
 *
 * <p>Crash safety needs nothing here: a dead row is never read again, whether or not its delete
 * committed, and after a restart the cleanup resumes from the lowest row left.
 */
final class OutboxCleanup {
  private static final Logger LOG = Logger.getLogger(OutboxCleanup.class);
  /** After a failed delete, the writer leaves the cleanup alone this long. */
  private static final long PAUSE_NANOS = 1_000_000_000L;
  /** Ids per delete: a few milliseconds of work, so a cut or a group never waits long. */
  static final int CHUNK = 2_000;

  private final DataSource dataSource;
  private final OutboxLedger ledger;
  private final long maxOwed;
  private long deletedThrough;
  private long deleted;
  private long pausedUntil;
  private boolean paused;

  OutboxCleanup(DataSource dataSource, OutboxLedger ledger, long maxOwed) {
    this.dataSource = dataSource;
    this.ledger = ledger;
    this.maxOwed = maxOwed;
  }

  /** Every row at or below {@code id} is known to be gone. */
  void resumeAfter(long id) {
    deletedThrough = id;
  }

  /** Ids below the watermark not yet deleted (an upper bound on the dead rows); 0 while paused. */
  long owed() {
    if (paused && System.nanoTime() - pausedUntil < 0) {
      return 0;
    }
    paused = false;
    return Math.max(0, ledger.cutThrough() - deletedThrough);
  }

  /** Whether the writer should clean up even though it has other work. */
  boolean overdue() {
    return owed() > maxOwed;
  }

  /** Rows deleted since the start (tests, logs). */
  long deleted() {
    return deleted;
  }

  /**
   * Deletes the next range of dead rows in its own transaction. A failure is logged and pauses
   * the cleanup for a second: the rows stay dead either way, so nothing but disk is at stake.
   */
  void step() {
    long through = Math.min(ledger.cutThrough(), deletedThrough + CHUNK);
    if (through <= deletedThrough) {
      return;
    }
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(true);
      deleted += OutboxStore.deleteCut(c, deletedThrough, through);
      deletedThrough = through;
    } catch (SQLException | RuntimeException e) {
      LOG.warn("deleting the rows of uploaded telemetry batches failed; retrying in a second", e);
      paused = true;
      pausedUntil = System.nanoTime() + PAUSE_NANOS;
    }
  }
}
