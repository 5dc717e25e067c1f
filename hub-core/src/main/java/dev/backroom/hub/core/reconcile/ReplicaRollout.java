package dev.backroom.hub.core.reconcile;

import dev.backroom.hub.core.scheduler.DeviceSnapshot;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The rules for a replica service, after ECS's rolling deployments. A current task is
 * <em>outdated</em> when its spec hash is not the desired one or its device is DRAINING; the
 * rest are up to date. With N = desiredCount, minHealthy = ceil(N × minimumHealthyPercent / 100)
 * and maxTotal = floor(N × maximumPercent / 100), at least N, one pass:
 *
 * <ol>
 *   <li><b>Scale down</b>: up-to-date tasks beyond N (held ones count first) are stopped, worst
 *       first ({@link #STOP_FIRST}). Not limited by minHealthy.
 *   <li><b>Retire</b>: outdated tasks are stopped, unhealthy ones always, healthy ones while the
 *       healthy tasks left (held + healthy up to date + healthy outdated not stopped) stay at or
 *       above minHealthy. The rest are kept until replacements are healthy.
 *   <li><b>Place</b> up-to-date tasks until N are up to date, but only as far as the total after
 *       this pass's stops stays within maxTotal.
 * </ol>
 *
 * <p>Retiring before placing lets a rollout with maximumPercent 100 stop and place in the same
 * pass, instead of one pass each. Outdated tasks beyond N are never stopped as a scale-down:
 * while the new tasks are not healthy yet, they are what keeps the service up, so they fall to
 * the retire rule, which honours minHealthy; scale-down only ever stops up-to-date ones, and
 * stopped outdated tasks always read as retired. A rollout with both percents at 100 cannot move,
 * as in ECS; the config validator is where to prevent that.
 */
final class ReplicaRollout {

  /**
   * Which task goes first when some must: one that is not healthy loses least, then the newest,
   * as it has proven itself least. Ties by task id, highest first, so the order is total.
   */
  static final Comparator<ObservedTask> STOP_FIRST =
      Comparator.comparing(ObservedTask::healthy)
          .thenComparing(Comparator.comparingLong(ObservedTask::createdAtMillis).reversed())
          .thenComparing(Comparator.comparing(ObservedTask::taskId).reversed());

  static final String REPLACE_LOST = "replace lost task";
  static final String RETIRED = "rolling update: replaced";
  static final String KEPT_FOR_HEALTH = "rolling update: kept for minimum healthy";
  static final String DRAIN_KEPT = "drain: kept for minimum healthy";

  private ReplicaRollout() {}

  static void compute(DesiredService s, ServiceTasks tasks, Map<String, DeviceSnapshot> devices,
      Buckets out) {
    int n = Math.max(0, s.desiredCount());
    int minHealthy = minHealthy(n, s.minimumHealthyPercent());
    int maxTotal = maxTotal(n, s.maximumPercent());
    int held = tasks.held().size();
    int before = held + tasks.current().size();

    List<ObservedTask> upToDate = new ArrayList<>();
    List<ObservedTask> outdated = new ArrayList<>();
    for (ObservedTask t : tasks.current()) {
      boolean current = Objects.equals(t.specHash(), s.specHash())
          && !Reconciler.isDraining(t, devices);
      (current ? upToDate : outdated).add(t);
    }

    int wantUpToDate = Math.max(0, n - held);
    if (upToDate.size() > wantUpToDate) {
      upToDate.sort(STOP_FIRST);
      List<ObservedTask> surplus = upToDate.subList(0, upToDate.size() - wantUpToDate);
      for (ObservedTask t : surplus) {
        out.stop(t, "scale down " + before + "→" + n);
      }
      surplus.clear();
    }
    for (ObservedTask t : upToDate) {
      out.keep(t, Reconciler.UP_TO_DATE);
    }

    int healthy = held + count(upToDate, true) + count(outdated, true);
    List<ObservedTask> retireOrder = new ArrayList<>(outdated);
    retireOrder.sort(Comparator.comparing(ObservedTask::healthy)
        .thenComparing(t -> !Reconciler.isDraining(t, devices))
        .thenComparing(STOP_FIRST));
    int outdatedKept = 0;
    for (ObservedTask t : retireOrder) {
      boolean draining = Reconciler.isDraining(t, devices);
      if (!t.healthy() || healthy - 1 >= minHealthy) {
        healthy -= t.healthy() ? 1 : 0;
        // With nothing wanted up to date, no replacement will come: it is a plain scale-down.
        out.stop(t, wantUpToDate == 0 ? "scale down " + before + "→" + n
            : draining ? "drain: moved off " + t.deviceId() : RETIRED);
      } else {
        outdatedKept++;
        out.keep(t, draining ? DRAIN_KEPT : KEPT_FOR_HEALTH);
      }
    }

    int need = wantUpToDate - upToDate.size();
    int room = maxTotal - (held + upToDate.size() + outdatedKept);
    int count = Math.max(0, Math.min(need, room));
    List<String> reasons = placeReasons(s, tasks, outdated, devices, n, need);
    for (int i = 0; i < count; i++) {
      out.place(s.serviceName(), null, reasons.get(i));
    }
  }

  /**
   * One reason per missing up-to-date task, most pressing first: replacements for lost tasks,
   * then for tasks on draining devices, then for outdated ones, and last the scale-up, which is
   * what the service lacks even counting every task it has or lost. Without history the split
   * is a best guess; the count is exact.
   */
  private static List<String> placeReasons(DesiredService s, ServiceTasks tasks,
      List<ObservedTask> outdated, Map<String, DeviceSnapshot> devices, int n, int need) {
    int had = tasks.held().size() + tasks.current().size() + tasks.lost().size();
    int scaleUp = Math.max(0, n - had);
    List<String> replacements = new ArrayList<>();
    tasks.lost().forEach(t -> replacements.add(REPLACE_LOST));
    List<ObservedTask> byId = new ArrayList<>(outdated);
    byId.sort(Comparator.comparing(t -> !Reconciler.isDraining(t, devices)));
    for (ObservedTask t : byId) {
      replacements.add(Reconciler.isDraining(t, devices)
          ? "drain: replacing task on " + t.deviceId()
          : "rolling update to " + s.specHash());
    }
    List<String> out = new ArrayList<>(
        replacements.subList(0, Math.max(0, Math.min(replacements.size(), need - scaleUp))));
    while (out.size() < need) {
      out.add("scale up " + had + "→" + n);
    }
    return out;
  }

  static int minHealthy(int n, int percent) {
    int p = Math.max(0, Math.min(100, percent));
    return (int) ((n * (long) p + 99) / 100);
  }

  static int maxTotal(int n, int percent) {
    return (int) Math.max(n, n * (long) Math.max(100, percent) / 100);
  }

  private static int count(List<ObservedTask> tasks, boolean healthy) {
    return (int) tasks.stream().filter(t -> t.healthy() == healthy).count();
  }
}
