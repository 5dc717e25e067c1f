package dev.backroom.hub.core.reconcile;

import dev.backroom.hub.core.scheduler.DeviceSnapshot;
import dev.backroom.hub.core.scheduler.Scheduler;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The rules for a daemon service: one task on every READY device that matches its task
 * definition and constraints ({@link Scheduler#mismatch}, which looks at attributes,
 * constraints and GPU count, not at what else runs there). Each such device is a slot; a task
 * elsewhere is stopped: on a DRAINING device ("drain"), on a READY one that no longer matches, or
 * as an extra beside its slot's task. Lost devices' tasks are lost and not replaced: the slot
 * went with the device.
 *
 * <p>A rollout runs per slot, and the health budget counts slots: minHealthy =
 * ceil(slots × minimumHealthyPercent / 100), and a slot is healthy when any of its tasks is (a
 * held task always is). In a slot with an outdated task:
 *
 * <ul>
 *   <li>once the up-to-date replacement is healthy, or while the old task is not, the old one is
 *       stopped at no cost;
 *   <li>otherwise the old one is stopped first when the healthy slots left stay at or above
 *       minHealthy. That is the only way for a task that holds a GPU or a host port, which
 *       cannot start beside its predecessor: give it minimumHealthyPercent below 100;
 *   <li>a pinned replacement is placed once the slot is empty, or beside the old task when
 *       maximumPercent exceeds 100 (start first, ECS's default).
 * </ul>
 */
final class DaemonRollout {

  /** Which of several up-to-date tasks in one slot survives: healthy, then oldest, then id. */
  static final Comparator<ObservedTask> KEEP_FIRST =
      Comparator.comparing((ObservedTask t) -> !t.healthy())
          .thenComparingLong(ObservedTask::createdAtMillis)
          .thenComparing(ObservedTask::taskId);

  private DaemonRollout() {}

  static void compute(DesiredService s, ServiceTasks tasks, Map<String, DeviceSnapshot> devices,
      Buckets out) {
    Map<String, Slot> slots = new TreeMap<>();
    for (DeviceSnapshot d : devices.values()) {
      if (d.schedulable() && Scheduler.mismatch(s.taskDefinition(), s.constraints(), d) == null) {
        slots.put(d.deviceId(), new Slot());
      }
    }
    for (ObservedTask t : tasks.held()) {
      Slot slot = slots.get(t.deviceId());
      if (slot != null) {
        slot.held = true;
      }
    }
    for (ObservedTask t : tasks.current()) {
      DeviceSnapshot d = devices.get(t.deviceId());
      Slot slot = slots.get(t.deviceId());
      if (Reconciler.isDraining(t, devices)) {
        out.stop(t, "drain: stopped on " + t.deviceId());
      } else if (slot == null) {
        String why = Scheduler.mismatch(s.taskDefinition(), s.constraints(), d);
        out.stop(t, "daemon: device no longer matches" + (why == null ? "" : ": " + why));
      } else if (slot.held) {
        out.stop(t, "daemon: extra task on " + t.deviceId() + " beside a held one");
      } else {
        (Objects.equals(t.specHash(), s.specHash()) ? slot.upToDate : slot.outdated).add(t);
      }
    }

    int minHealthy = ReplicaRollout.minHealthy(slots.size(), s.minimumHealthyPercent());
    int healthySlots = (int) slots.values().stream().filter(Slot::healthy).count();
    boolean startFirst = s.maximumPercent() > 100;
    for (Map.Entry<String, Slot> e : slots.entrySet()) {
      String deviceId = e.getKey();
      Slot slot = e.getValue();
      if (slot.held) {
        continue;
      }
      slot.upToDate.sort(KEEP_FIRST);
      ObservedTask current = slot.upToDate.isEmpty() ? null : slot.upToDate.get(0);
      for (ObservedTask extra : slot.upToDate.subList(Math.min(1, slot.upToDate.size()),
          slot.upToDate.size())) {
        out.stop(extra, "daemon: extra task on " + deviceId);
      }
      if (current != null) {
        out.keep(current, Reconciler.UP_TO_DATE);
      }
      boolean replacementHealthy = current != null && current.healthy();
      boolean oldHealthy = slot.outdated.stream().anyMatch(ObservedTask::healthy);
      // Stopping the old tasks costs the slot its health only when nothing else keeps it up.
      boolean free = replacementHealthy || !oldHealthy;
      boolean stopOld = free || healthySlots - 1 >= minHealthy;
      if (!free && stopOld) {
        healthySlots--;
      }
      for (ObservedTask old : slot.outdated) {
        if (stopOld || !old.healthy()) {
          out.stop(old, ReplicaRollout.RETIRED);
        } else {
          out.keep(old, ReplicaRollout.KEPT_FOR_HEALTH);
        }
      }
      if (current == null && (stopOld || startFirst)) {
        out.place(s.serviceName(), deviceId, slot.outdated.isEmpty()
            ? "daemon: device " + deviceId + " matches"
            : "rolling update to " + s.specHash());
      }
    }
  }

  /** One matching device's tasks of the service. */
  private static final class Slot {
    boolean held;
    final List<ObservedTask> upToDate = new ArrayList<>();
    final List<ObservedTask> outdated = new ArrayList<>();

    boolean healthy() {
      return held || upToDate.stream().anyMatch(ObservedTask::healthy)
          || outdated.stream().anyMatch(ObservedTask::healthy);
    }
  }
}
