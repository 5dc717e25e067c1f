package dev.backroom.hub.reconcile;

import dev.backroom.hub.scheduler.DeviceSnapshot;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Diffs desired services against observed tasks and sorts every task into a bucket, touching
 * nothing: the control loop applies the result. Pure: no I/O, no clock, no logging.
 */
public final class Reconciler {

  static final String SERVICE_DELETED = "service deleted";
  static final String DEVICE_UNKNOWN = "device unavailable: not reported";
  static final String DEVICE_UNSCHEDULABLE = "device unavailable: not schedulable";
  static final String REPLACE_LOST = "replace lost task";
  static final String SPEC_CHANGED = "spec changed";
  static final String UP_TO_DATE = "up to date";

  /**
   * Which surplus task goes first: one that is not running loses least, then the newest, as it
   * has proven itself least. Ties by task id, highest first, so the order is total.
   */
  static final Comparator<ObservedTask> STOP_FIRST =
      Comparator.comparing((ObservedTask t) -> t.isRunning())
          .thenComparing(Comparator.comparingLong(ObservedTask::createdAtMillis).reversed())
          .thenComparing(Comparator.comparing(ObservedTask::taskId).reversed());

  private Reconciler() {}

  /**
   * Computes the buckets.
   *
   * <ul>
   *   <li>A task whose service is not desired is stopped ("service deleted"), even on a lost
   *       device: it needs no replacement.
   *   <li>A task on a device missing from {@code observed.devices()} or not schedulable is lost
   *       and does not count toward its service. Drained devices land here too for now.
   *   <li>Of the rest, a service's surplus is stopped ({@link #STOP_FIRST}) and a shortfall
   *       placed, replacements for lost tasks first.
   *   <li>A remaining task with another spec hash is updated in place, all at once.
   *   <li>Everything else is kept.
   * </ul>
   *
   * @param nowMillis decision time; reserved for grace periods, unused today
   */
  public static ReconcileResult compute(
      DesiredState desired, ObservedState observed, long nowMillis) {
    Map<String, DesiredService> services = new TreeMap<>();
    for (DesiredService s : desired.services()) {
      services.putIfAbsent(s.serviceName(), s);
    }
    Map<String, DeviceSnapshot> devices = new HashMap<>();
    for (DeviceSnapshot d : observed.devices()) {
      devices.putIfAbsent(d.deviceId(), d);
    }
    List<ObservedTask> tasks = new ArrayList<>(observed.tasks());
    tasks.sort(Comparator.comparing((ObservedTask t) -> String.valueOf(t.serviceName()))
        .thenComparing(ObservedTask::taskId));

    List<StopItem> stop = new ArrayList<>();
    List<LostItem> lost = new ArrayList<>();
    Map<String, List<ObservedTask>> live = new TreeMap<>();
    Map<String, Integer> lostCount = new HashMap<>();
    for (ObservedTask t : tasks) {
      if (t.serviceName() == null || !services.containsKey(t.serviceName())) {
        stop.add(new StopItem(t.taskId(), t.serviceName(), t.deviceId(), SERVICE_DELETED));
        continue;
      }
      String unavailable = unavailability(devices.get(t.deviceId()));
      if (unavailable != null) {
        lost.add(new LostItem(t.taskId(), t.serviceName(), t.deviceId(), unavailable));
        lostCount.merge(t.serviceName(), 1, Integer::sum);
        continue;
      }
      live.computeIfAbsent(t.serviceName(), k -> new ArrayList<>()).add(t);
    }

    List<PlaceItem> place = new ArrayList<>();
    List<UpdateItem> update = new ArrayList<>();
    List<KeepItem> keep = new ArrayList<>();
    for (DesiredService s : services.values()) {
      List<ObservedTask> current = live.getOrDefault(s.serviceName(), List.of());
      int lostHere = lostCount.getOrDefault(s.serviceName(), 0);
      int want = Math.max(0, s.desiredCount());
      List<ObservedTask> kept = new ArrayList<>(current);
      if (current.size() > want) {
        kept.sort(STOP_FIRST);
        List<ObservedTask> surplus = kept.subList(0, current.size() - want);
        String reason = "scale down " + current.size() + "→" + want;
        for (ObservedTask t : surplus.stream().sorted(byTaskId()).toList()) {
          stop.add(new StopItem(t.taskId(), t.serviceName(), t.deviceId(), reason));
        }
        surplus.clear();
        kept.sort(byTaskId());
      }
      addPlaceItems(place, s.serviceName(), current.size(), lostHere, want);
      for (ObservedTask t : kept) {
        if (Objects.equals(t.specHash(), s.specHash())) {
          keep.add(new KeepItem(t.taskId(), UP_TO_DATE));
        } else {
          update.add(new UpdateItem(t.taskId(), t.serviceName(), t.deviceId(), t.specHash(),
              s.specHash(), SPEC_CHANGED));
        }
      }
    }
    stop.sort(Comparator.comparing((StopItem i) -> String.valueOf(i.serviceName()))
        .thenComparing(StopItem::taskId));
    return new ReconcileResult(place, stop, update, lost, keep);
  }

  /**
   * Places the shortfall. As many items as there are lost tasks read "replace lost task"; the
   * rest are a scale-up counted from the tasks there were before the loss.
   */
  private static void addPlaceItems(
      List<PlaceItem> place, String serviceName, int live, int lost, int want) {
    int missing = want - live;
    int replacements = Math.min(Math.max(0, missing), lost);
    for (int i = 0; i < missing; i++) {
      String reason = i < replacements ? REPLACE_LOST : "scale up " + (live + lost) + "→" + want;
      place.add(new PlaceItem(serviceName, i, reason));
    }
  }

  private static String unavailability(DeviceSnapshot device) {
    if (device == null) {
      return DEVICE_UNKNOWN;
    }
    return device.schedulable() ? null : DEVICE_UNSCHEDULABLE;
  }

  private static Comparator<ObservedTask> byTaskId() {
    return Comparator.comparing(ObservedTask::taskId);
  }
}
