package dev.backroom.agent.reconcile;

import dev.backroom.agent.model.ObservedContainer;
import dev.backroom.agent.reconcile.ReconcileResult.Create;
import dev.backroom.agent.reconcile.ReconcileResult.Done;
import dev.backroom.agent.reconcile.ReconcileResult.Keep;
import dev.backroom.agent.reconcile.ReconcileResult.Start;
import dev.backroom.agent.reconcile.ReconcileResult.Stop;
import dev.backroom.agent.reconcile.ReconcileResult.Wait;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * ECS semantics: once an essential container stopped for good, its whole task stops. This is a
 * rule over a whole pass's buckets rather than over one container, so it runs as a rewrite of
 * the per-container decisions of {@link ContainerReconciler}, before the shutdown waves order
 * what is to stop.
 */
final class EssentialTaskStop {

  private EssentialTaskStop() {}

  /**
   * Siblings of a stopped essential container that are still running are stopped (not
   * removed), and none is created, started or waited for any more. Held tasks never reach here
   * with an essential in {@code done}, so a hold always wins.
   */
  static ReconcileResult apply(ReconcileResult r) {
    Map<String, String> stoppedBy = new TreeMap<>();
    for (Done d : r.done()) {
      if (d.desired().container().isEssential()) {
        boolean ran = d.observed() != null && d.observed().wasStarted();
        stoppedBy.putIfAbsent(d.desired().key().taskId(), d.desired().key().containerName()
            + (ran ? " stopped for good" : " did not start"));
      }
    }
    if (stoppedBy.isEmpty()) {
      return r;
    }
    List<Create> create = new ArrayList<>();
    List<Start> start = new ArrayList<>();
    List<Stop> stop = new ArrayList<>();
    List<Keep> keep = new ArrayList<>();
    List<Wait> waits = new ArrayList<>();
    List<Done> done = new ArrayList<>(r.done());
    for (Create c : r.create()) {
      String by = stoppedBy.get(c.desired().key().taskId());
      if (by == null) {
        create.add(c);
      } else {
        done.add(new Done(c.desired(), null, taskStopped(by) + ", not created"));
      }
    }
    for (Start s : r.start()) {
      String by = stoppedBy.get(s.desired().key().taskId());
      if (by == null) {
        start.add(s);
      } else {
        done.add(new Done(s.desired(), s.observed(), taskStopped(by)));
      }
    }
    for (Wait w : r.waits()) {
      String by = stoppedBy.get(w.desired().key().taskId());
      if (by == null) {
        waits.add(w);
      } else {
        done.add(new Done(w.desired(), w.observed(), taskStopped(by)));
      }
    }
    for (Keep k : r.keep()) {
      String by = stoppedBy.get(k.desired().key().taskId());
      if (by == null) {
        keep.add(k);
      } else if (k.observed().isRunning()
          || ObservedContainer.PAUSED.equals(k.observed().state())) {
        stop.add(new Stop(k.desired(), k.observed(), taskStopped(by)));
      } else {
        done.add(new Done(k.desired(), k.observed(), taskStopped(by)));
      }
    }
    done.sort(Comparator.comparing(d -> d.desired().key()));
    return new ReconcileResult(create, start, stop, r.remove(), keep, waits, done, r.held());
  }

  /** @param essential the container's name and what became of it */
  private static String taskStopped(String essential) {
    return "task stopped: essential container " + essential;
  }
}
