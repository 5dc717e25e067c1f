package dev.backroom.agent.reconcile;

import dev.backroom.agent.model.DesiredContainer;
import dev.backroom.agent.model.ObservedContainer;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The buckets of one reconcile pass. Apply stops and removals first, then creations, then
 * starts, each bucket in its order (a creation never needs a removal of the same pass: a
 * replacement waits in {@code waits} until its live predecessor is gone): stops and removals come
 * dependents first, and hold only the containers whose dependents are gone already
 * ({@link ShutdownOrder}); a later pass brings the rest. {@code keep}, {@code waits},
 * {@code done} and {@code held} need no action on any container.
 */
public record ReconcileResult(
    List<Create> create,
    List<Start> start,
    List<Stop> stop,
    List<Remove> remove,
    List<Keep> keep,
    List<Wait> waits,
    List<Done> done,
    List<Held> held) {

  public ReconcileResult {
    create = List.copyOf(create);
    start = List.copyOf(start);
    stop = List.copyOf(stop);
    remove = List.copyOf(remove);
    keep = List.copyOf(keep);
    waits = List.copyOf(waits);
    done = List.copyOf(done);
    held = List.copyOf(held);
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

  /**
   * Stop (not remove) a running container because an essential container of its task stopped
   * for good, as ECS does; it stays for inspection and is {@link Done} from then on.
   */
  public record Stop(DesiredContainer desired, ObservedContainer observed, String reason) {}

  /** Stop and remove a container. */
  public record Remove(ObservedContainer observed, String reason) {}

  /** Leave a container as it is. */
  public record Keep(DesiredContainer desired, ObservedContainer observed, String reason) {}

  /**
   * Backing off, or waiting for its dependencies to reach their conditions; look again at
   * {@code until}, or on the next event or tick when null (a wait on dependencies without a
   * startTimeout). {@code observed} is null before a (re-)create.
   */
  public record Wait(DesiredContainer desired, ObservedContainer observed, Instant until,
      String reason) {}

  /**
   * Stopped for good: exited and the restart policy says no more, never started because a
   * dependency timed out or cannot reach its condition, or its task's essential container
   * stopped for good (or never started). {@code observed} is null for a container that was
   * never created.
   */
  public record Done(DesiredContainer desired, ObservedContainer observed, String reason) {}

  /**
   * The task is held: its containers, whatever their state or spec hash, are left exactly as
   * they are. {@code observed} is the one reported (same spec preferred), null when there is
   * none.
   */
  public record Held(DesiredContainer desired, ObservedContainer observed, String reason) {}

  public boolean hasActions() {
    return !create.isEmpty() || !start.isEmpty() || !stop.isEmpty() || !remove.isEmpty();
  }

  /** The earliest time a backing-off container becomes due, if any. */
  public Optional<Instant> nextWakeUp() {
    return waits.stream().map(Wait::until).filter(Objects::nonNull).min(Instant::compareTo);
  }
}
