package dev.backroom.agent.reconcile;

import dev.backroom.agent.model.DesiredContainer;
import dev.backroom.agent.model.ObservedContainer;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The buckets of one reconcile pass. Apply removals first (a replaced container frees its name),
 * then creations, then starts. {@code keep}, {@code waits} and {@code done} need no action.
 */
public record ReconcileResult(
    List<Create> create,
    List<Start> start,
    List<Remove> remove,
    List<Keep> keep,
    List<Wait> waits,
    List<Done> done) {

  public ReconcileResult {
    create = List.copyOf(create);
    start = List.copyOf(start);
    remove = List.copyOf(remove);
    keep = List.copyOf(keep);
    waits = List.copyOf(waits);
    done = List.copyOf(done);
  }

  /**
   * Create and start a container that does not exist (yet, or any more). {@code priorFailures}
   * is the streak of failed creations so far; a failure records one more.
   */
  public record Create(DesiredContainer desired, int priorFailures, String reason) {}

  /**
   * Start an existing container. The other fields are the bookkeeping to record after the
   * attempt: {@code restarts} either way, then the streak that matches the outcome.
   */
  public record Start(DesiredContainer desired, ObservedContainer observed, int restarts,
      int streakIfStarted, int streakIfFailed, String reason) {}

  /** Stop and remove a container. */
  public record Remove(ObservedContainer observed, String reason) {}

  /** Leave a container as it is. */
  public record Keep(DesiredContainer desired, ObservedContainer observed, String reason) {}

  /** Backing off; look again at {@code until}. {@code observed} is null before a re-create. */
  public record Wait(DesiredContainer desired, ObservedContainer observed, Instant until,
      String reason) {}

  /** Exited and the restart policy says no more: stopped for good. */
  public record Done(DesiredContainer desired, ObservedContainer observed, String reason) {}

  public boolean hasActions() {
    return !create.isEmpty() || !start.isEmpty() || !remove.isEmpty();
  }

  /** The earliest time a backing-off container becomes due, if any. */
  public Optional<Instant> nextWakeUp() {
    return waits.stream().map(Wait::until).min(Instant::compareTo);
  }
}
