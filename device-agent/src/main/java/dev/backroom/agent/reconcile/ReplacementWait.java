package dev.backroom.agent.reconcile;

import dev.backroom.agent.model.DesiredContainer;
import dev.backroom.agent.model.ObservedContainer;
import dev.backroom.agent.reconcile.ReconcileResult.Wait;
import java.util.List;

/**
 * A replacement takes its predecessor's Docker name, which is free only once the runtime has
 * stopped and removed it (asynchronously, possibly held back for its dependents by
 * {@link ShutdownOrder}). Creating it earlier would only fail on the name and count a failure
 * in the restart book, so until then the replacement waits, without counting anything.
 */
final class ReplacementWait {

  private ReplacementWait() {}

  /**
   * The wait for a key with nothing usable to reconcile against (none, or {@code chosen} is
   * dead), or null when its Docker name is free for a create.
   *
   * @param sameKey every observed container of the key
   * @param chosen the container the key is reconciled against, or null
   */
  static Wait untilPredecessorGone(DesiredContainer d, List<ObservedContainer> sameKey,
      ObservedContainer chosen) {
    ObservedContainer previous = predecessor(sameKey, chosen);
    if (previous == null) {
      return null;
    }
    return new Wait(d, null, null, "previous container " + previous.name() + " "
        + (previous.isRunning() ? "still running" : previous.state())
        + ", waiting for it to go");
  }

  /**
   * A container of the same key, other than {@code chosen}, that may still hold the key's Docker
   * name for a while: one that is live (running, paused, stopping, removing). Exited, created
   * and dead ones are removed at once, in the same pass, before any create.
   */
  private static ObservedContainer predecessor(List<ObservedContainer> sameKey,
      ObservedContainer chosen) {
    for (ObservedContainer o : sameKey) {
      if (o != chosen && o.isAlive()) {
        return o;
      }
    }
    return null;
  }
}
