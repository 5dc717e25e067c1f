package dev.backroom.hub.core.reconcile;

import dev.backroom.hub.core.scheduler.DeviceCondition;
import dev.backroom.hub.core.scheduler.DeviceSnapshot;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Decides the end of standalone tasks (ECS RunTask), which no service owns: they are never
 * replaced or moved, only stopped. Per task, in this order:
 *
 * <ol>
 *   <li>Held, or on a HELD device: kept; the operator owns it, even when it has exited.
 *   <li>Reported STOPPED by its device (its essential containers exited for good under their
 *       restart policies): stopped, "Essential container in task exited".
 *   <li>On a LOST device, or one the hub does not know: stopped, not moved elsewhere.
 *   <li>Otherwise kept. A draining device keeps them too: as in ECS, draining stops no
 *       standalone task; the drain completes once they end.
 * </ol>
 *
 * Pure: no I/O, no clock, no logging.
 */
public final class StandaloneReconciler {
  public static final String EXITED = "Essential container in task exited";
  public static final String DEVICE_LOST = "device lost: a standalone task is not moved";
  public static final String DEVICE_UNKNOWN = "device unavailable: not reported;"
      + " a standalone task is not moved";

  /** ECS stop codes. */
  public static final String ESSENTIAL_CONTAINER_EXITED = "EssentialContainerExited";
  public static final String DEVICE_LOST_CODE = "DeviceLost";

  /** One standalone task to stop, why, and ECS's stop code. */
  public record Stop(String taskId, String reason, String stopCode, boolean lost) {}

  private StandaloneReconciler() {}

  /**
   * @param tasks the standalone tasks still desired RUNNING
   * @param devices every known device, first of duplicate ids wins
   * @return the tasks to stop, by task id; every other task is kept
   */
  public static List<Stop> compute(List<ObservedTask> tasks, List<DeviceSnapshot> devices) {
    Map<String, DeviceSnapshot> byId = Reconciler.devicesById(new ObservedState(List.of(), devices));
    List<ObservedTask> ordered = new ArrayList<>(tasks);
    ordered.sort(Comparator.comparing(ObservedTask::taskId));
    List<Stop> out = new ArrayList<>();
    for (ObservedTask t : ordered) {
      DeviceSnapshot device = byId.get(t.deviceId());
      DeviceCondition condition = Reconciler.conditionOf(device);
      if (t.held() || condition == DeviceCondition.HELD) {
        continue;
      }
      if (ObservedTask.STOPPED.equals(t.lastStatus())) {
        out.add(new Stop(t.taskId(), EXITED, ESSENTIAL_CONTAINER_EXITED, false));
      } else if (condition == DeviceCondition.LOST) {
        out.add(new Stop(t.taskId(), device == null ? DEVICE_UNKNOWN : DEVICE_LOST,
            DEVICE_LOST_CODE, true));
      }
    }
    return List.copyOf(out);
  }
}
