package dev.backroom.hub.telemetry;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.Predicate;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Deletes the rows of cut batches, which sit below the outbox's watermark (see OutboxStore), a
 * range of ids at a time, on the writer thread. Deleting was two thirds of the writer's work per
 * uploaded message (an H2 delete touches both indexes and the undo log, and commits each entry
 * again), so it is kept off the drain: the writer deletes only when it is idle and the outbox holds
 * less than {@code backlogRows} (no backlog waits to go up), or when more than {@code maxDeadRows}
 * dead rows have piled up, then between groups whatever else it has to do. The rows still cost
 * their delete, later; what the store gains is its backlog in the cloud sooner.
 *
 * <p>Dead rows are disk the outbox's byte bound does not count; {@code maxDeadRows} bounds them
 * (TelemetryService sizes it to about a quarter of the bound). Crash safety needs nothing here: a
 * dead row is never read again, whether or not its delete committed, and after a restart the
 * cleanup resumes from the lowest row left.
 */
final class OutboxCleanup {
  private static final Logger LOG = Logger.getLogger(OutboxCleanup.class);
  /** Ids per delete: a few milliseconds of work, so a cut or a group never waits long. */
  static final int CHUNK = 2_000;
  /** After a failed delete, the writer leaves the cleanup alone this long. */
  private static final long PAUSE_NANOS = 1_000_000_000L;

  private final DataSource dataSource;
  private final OutboxLedger ledger;
  private final long backlogRows;
  private final long maxDeadRows;
  private long deleted;
  private long pausedUntil;
  private boolean paused;
  private final Predicate<Throwable> storageFailed;

  OutboxCleanup(DataSource dataSource, OutboxLedger ledger, long backlogRows, long maxDeadRows) {
    this(dataSource, ledger, backlogRows, maxDeadRows, e -> false);
  }

  /**
   * @param storageFailed told of every failure; true when it was the storage's, which the writer
   *     handles (and reports) for all outbox work alike
   */
  OutboxCleanup(DataSource dataSource, OutboxLedger ledger, long backlogRows, long maxDeadRows,
      Predicate<Throwable> storageFailed) {
    this.storageFailed = storageFailed;
    this.dataSource = dataSource;
    this.ledger = ledger;
    this.backlogRows = backlogRows;
    this.maxDeadRows = maxDeadRows;
  }

  /** Every row at or below {@code id} is known to be gone. */
  void resumeAfter(long id) {
    ledger.deletedThrough(id);
  }

  /** Whether a step would run now if the writer were idle (false while paused after a failure). */
  boolean wantedWhenIdle() {
    return !paused() && ledger.deadRows() > 0
        && (ledger.totalMessages() < backlogRows || ledger.deadRows() > maxDeadRows);
  }

  /** Whether the writer should delete even though it has other work. */
  boolean overdue() {
    return !paused() && ledger.deadRows() > maxDeadRows;
  }

  private boolean paused() {
    if (paused && System.nanoTime() - pausedUntil < 0) {
      return true;
    }
    paused = false;
    return false;
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
    long from = ledger.deletedThrough();
    long through = Math.min(ledger.cutThrough(), from + CHUNK);
    if (through <= from) {
      return;
    }
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(true);
      deleted += OutboxStore.deleteCut(c, from, through);
      ledger.deletedThrough(through);
    } catch (SQLException | RuntimeException e) {
      if (!storageFailed.test(e)) {
        LOG.warn("deleting the rows of uploaded telemetry batches failed; retrying in a second",
            e);
      }
      paused = true;
      pausedUntil = System.nanoTime() + PAUSE_NANOS;
    }
  }
}
