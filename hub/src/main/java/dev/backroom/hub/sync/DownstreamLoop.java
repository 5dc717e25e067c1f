package dev.backroom.hub.sync;

import dev.backroom.hub.sync.CloudLink.CloudFailure;
import dev.backroom.retry.Retries;
import dev.backroom.sync.wire.DesiredChanges;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Desired state down: long-poll for changes after the applied revision, apply them in one
 * transaction, wake the control loop, then ack. A crash between apply and ack only means the ack
 * is sent at the next start (re-applying the same revision is a no-op anyway).
 */
final class DownstreamLoop extends SyncLoop {
  private final LongSupplier appliedRevision;
  private final BiFunction<DesiredChanges, Instant, DesiredApplier.Result> applier;
  private final Runnable afterApply;
  private final Duration pollWait;
  private final Supplier<String> storeId;
  /** The revision the cloud last heard from us; 0 after a start, so the first step re-acks. */
  private long acked;

  DownstreamLoop(Supplier<Optional<CloudLink>> link, SyncStatus status, Clock clock,
      Retries backoff, LongSupplier appliedRevision,
      BiFunction<DesiredChanges, Instant, DesiredApplier.Result> applier, Runnable afterApply,
      Duration pollWait, Supplier<String> storeId) {
    super("downstream", link, status, clock, backoff);
    this.appliedRevision = appliedRevision;
    this.applier = applier;
    this.afterApply = afterApply;
    this.pollWait = pollWait;
    this.storeId = storeId;
  }

  @Override
  protected Duration step(CloudLink cloud) throws CloudFailure {
    long applied = appliedRevision.getAsLong();
    status.appliedRevision = applied;
    if (applied > acked) {
      cloud.ack(applied);
      acked = applied;
    }
    DesiredChanges answer = cloud.pollDesired(applied, pollWait);
    Instant now = clock.instant();
    status.lastDownstreamAt = now;
    String expected = storeId.get();
    if (answer.storeId() != null && expected != null && !expected.equals(answer.storeId())) {
      throw new IllegalStateException("the cloud answered for store " + answer.storeId()
          + " but this hub is store " + expected + "; nothing applied");
    }
    DesiredApplier.Result r = applier.apply(answer, now);
    if (r.applied()) {
      status.appliedRevision = r.revision();
      afterApply.run();
      cloud.ack(r.revision());
      acked = r.revision();
    }
    return Duration.ZERO;
  }
}
