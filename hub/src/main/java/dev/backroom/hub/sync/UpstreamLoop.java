package dev.backroom.hub.sync;

import dev.backroom.hub.sync.CloudLink.CloudFailure;
import dev.backroom.retry.Retries;
import dev.backroom.sync.wire.BatchReceipt;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Reports up: every report interval (sooner after events) a batch is built and persisted, then
 * the oldest pending batch is sent, byte-identical, until the cloud acknowledges its sequence
 * (accepted or duplicate). Only then is it deleted and the next one built, so sequences stay
 * gapless whatever fails in between.
 */
final class UpstreamLoop extends SyncLoop {
  /** After a local event, wait this long so its transaction has committed and others can join. */
  static final Duration EVENT_DEBOUNCE = Duration.ofMillis(250);

  private final SyncStore store;
  private final Function<Instant, ReportBuilder.Built> builder;
  private final Duration interval;
  private volatile Instant nextDue = Instant.EPOCH;

  UpstreamLoop(Supplier<Optional<CloudLink>> link, SyncStatus status, Clock clock,
      Retries backoff, SyncStore store, Function<Instant, ReportBuilder.Built> builder,
      Duration interval) {
    super("upstream", link, status, clock, backoff);
    this.store = store;
    this.builder = builder;
    this.interval = interval;
  }

  @Override
  protected Duration step(CloudLink cloud) throws CloudFailure {
    Instant now = clock.instant();
    Optional<SyncStore.PendingBatch> pending = store.oldestPending();
    boolean more = false;
    if (pending.isEmpty()) {
      if (now.isBefore(nextDue)) {
        return Duration.between(now, nextDue);
      }
      ReportBuilder.Built built = builder.apply(now);
      if (built == null) {
        nextDue = now.plus(interval);
        return interval;
      }
      pending = Optional.of(new SyncStore.PendingBatch(built.sequence(), built.body()));
      more = built.moreEvents();
      status.nextReportSequence = built.sequence() + 1;
    }
    status.pendingReportBatches = store.pendingCount();
    SyncStore.PendingBatch batch = pending.get();
    BatchReceipt receipt = cloud.sendReports(batch.body());
    if (!receipt.duplicate() && receipt.acceptedSequence() < batch.sequence()) {
      throw new IllegalStateException("the cloud acknowledged sequence " + receipt.acceptedSequence()
          + " for batch " + batch.sequence() + "; resending");
    }
    store.deletePending(batch.sequence());
    Instant done = clock.instant();
    status.lastUpstreamAt = done;
    long left = store.pendingCount();
    status.pendingReportBatches = left;
    if (more || left > 0) {
      return Duration.ZERO;
    }
    nextDue = done.plus(interval);
    return interval;
  }

  /** Something was recorded: report it soon rather than at the next interval. */
  void eventsAppended() {
    Instant soon = clock.instant().plus(EVENT_DEBOUNCE);
    if (soon.isBefore(nextDue)) {
      nextDue = soon;
      wake();
    }
  }
}
