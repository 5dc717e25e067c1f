package dev.backroom.hub.core.reconcile;

import dev.backroom.hub.core.scheduler.DeviceCondition;
import dev.backroom.hub.core.scheduler.DeviceSnapshot;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Diffs desired services against observed tasks and sorts every task into a bucket, touching
 * nothing: the control loop applies the result, then feeds what it observes back in on the next
 * pass. Rollouts and drains therefore advance one pass at a time. Pure: no I/O, no clock, no
 * logging.
 */
public final class Reconciler {

  static final String SERVICE_DELETED = "service deleted";
  static final String HELD = "held";
  static final String DEVICE_UNKNOWN = "device unavailable: not reported";
  static final String DEVICE_LOST = "device lost";
  static final String UP_TO_DATE = "up to date";

  private Reconciler() {}

  /**
   * Computes the buckets. Per task, in this order:
   *
   * <ol>
   *   <li>Its service is not desired: stop ("service deleted"), even when held or lost.
   *   <li>Held ({@link ObservedTask#held()} or on a HELD device, even one otherwise lost): keep
   *       ("held"). It is never stopped, replaced or moved, and counts toward its service as a
   *       healthy task; the operator owns it.
   *   <li>On a LOST device, or one missing from {@code observed.devices()}: lost. A replica
   *       service replaces it; a daemon does not, its task belongs on that device.
   *   <li>Otherwise the service's rules decide: {@link ReplicaRollout} or {@link DaemonRollout}.
   * </ol>
   *
   * @param nowMillis decision time; reserved (health and grace periods are decided by the
   *     caller and arrive as {@link ObservedTask#healthy()})
   * @return every observed task in exactly one of stop, lost and keep
   */
  public static ReconcileResult compute(
      DesiredState desired, ObservedState observed, long nowMillis) {
    Map<String, DesiredService> services = new TreeMap<>();
    for (DesiredService s : desired.services()) {
      services.putIfAbsent(s.serviceName(), s);
    }
    Map<String, DeviceSnapshot> devices = devicesById(observed);
    List<ObservedTask> tasks = new ArrayList<>(observed.tasks());
    tasks.sort(Comparator.comparing(ObservedTask::taskId));

    Buckets out = new Buckets();
    Map<String, ServiceTasks> byService = new HashMap<>();
    for (ObservedTask t : tasks) {
      if (t.serviceName() == null || !services.containsKey(t.serviceName())) {
        out.stop(t, SERVICE_DELETED);
        continue;
      }
      ServiceTasks group = byService.computeIfAbsent(t.serviceName(), k -> ServiceTasks.empty());
      DeviceSnapshot device = devices.get(t.deviceId());
      if (t.held() || conditionOf(device) == DeviceCondition.HELD) {
        out.keep(t, HELD);
        group.held().add(t);
      } else if (conditionOf(device) == DeviceCondition.LOST) {
        out.lost(t, device == null ? DEVICE_UNKNOWN : DEVICE_LOST);
        group.lost().add(t);
      } else {
        group.current().add(t);
      }
    }
    for (DesiredService s : services.values()) {
      ServiceTasks group = byService.getOrDefault(s.serviceName(), ServiceTasks.empty());
      if (s.daemon()) {
        DaemonRollout.compute(s, group, devices, out);
      } else {
        ReplicaRollout.compute(s, group, devices, out);
      }
    }
    return out.result();
  }

  /**
   * Whether a draining device is empty: no task that is not held remains on it, whatever its
   * service. The control loop then marks the device drained. Held tasks do not block: the
   * operator keeps them there on purpose.
   */
  public static boolean drainComplete(String deviceId, ObservedState observed) {
    return observed.tasks().stream()
        .noneMatch(t -> !t.held() && deviceId.equals(t.deviceId()));
  }

  /** First of duplicate ids wins, as documented on {@link ObservedState}. */
  static Map<String, DeviceSnapshot> devicesById(ObservedState observed) {
    Map<String, DeviceSnapshot> devices = new HashMap<>();
    for (DeviceSnapshot d : observed.devices()) {
      devices.putIfAbsent(d.deviceId(), d);
    }
    return devices;
  }

  /** A device the hub does not know is as good as lost. */
  static DeviceCondition conditionOf(DeviceSnapshot device) {
    return device == null ? DeviceCondition.LOST : device.condition();
  }

  static boolean isDraining(ObservedTask t, Map<String, DeviceSnapshot> devices) {
    return conditionOf(devices.get(t.deviceId())) == DeviceCondition.DRAINING;
  }
}
