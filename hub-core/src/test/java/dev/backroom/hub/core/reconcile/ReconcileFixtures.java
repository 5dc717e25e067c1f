package dev.backroom.hub.core.reconcile;

import dev.backroom.config.model.PlacementConstraint;
import dev.backroom.config.model.PlacementStrategy;
import dev.backroom.hub.core.scheduler.Fixtures;
import java.util.ArrayList;
import java.util.List;

/** Builders for reconciler inputs. Every spec hash defaults to {@code h1}. */
final class ReconcileFixtures {
  private ReconcileFixtures() {}

  static DesiredService service(String name, int desiredCount) {
    return service(name, desiredCount, "h1");
  }

  static DesiredService service(String name, int desiredCount, String specHash) {
    return new DesiredService(name, Fixtures.taskDefinition(256, 0, 0), specHash, desiredCount,
        List.of());
  }

  static DesiredService service(
      String name, int desiredCount, String specHash, List<PlacementConstraint> constraints) {
    return new DesiredService(name, Fixtures.taskDefinition(256, 0, 0), specHash, desiredCount,
        constraints);
  }

  /** A replica service with spec {@code specHash} rolled out with the given percents. */
  static DesiredService rolling(String name, int desiredCount, String specHash, int minPercent,
      int maxPercent) {
    return new DesiredService(name, Fixtures.taskDefinition(256, 0, 0), specHash, desiredCount,
        List.of(), false, List.of(), minPercent, maxPercent);
  }

  static DesiredService replica(String name, int desiredCount, List<PlacementStrategy> strategies) {
    return new DesiredService(name, Fixtures.taskDefinition(256, 0, 0), "h1", desiredCount,
        List.of(), false, strategies, 100, 200);
  }

  /** A daemon service; ECS's defaults (100 %, 200 %) start a replacement before the old stops. */
  static DesiredService daemon(String name, String specHash, List<PlacementConstraint> constraints,
      int minPercent, int maxPercent) {
    return new DesiredService(name, Fixtures.taskDefinition(256, 0, 0), specHash, 0,
        constraints, true, List.of(), minPercent, maxPercent);
  }

  /**
   * One line per item, in bucket order place, stop, lost, keep; a pinned place item shows its
   * device as {@code @d1}.
   */
  static List<String> render(ReconcileResult r) {
    List<String> out = new ArrayList<>();
    r.place().forEach(i -> out.add("place " + i.serviceName() + "#" + i.ordinal()
        + (i.pinnedDeviceId() == null ? "" : " @" + i.pinnedDeviceId()) + ": " + i.reason()));
    r.stop().forEach(i -> out.add("stop " + i.taskId() + ": " + i.reason()));
    r.lost().forEach(i -> out.add(
        "lost " + i.taskId() + " on " + i.deviceId() + ": " + i.reason()));
    r.keep().forEach(i -> out.add("keep " + i.taskId() + ": " + i.reason()));
    return out;
  }

  static TaskBuilder task(String taskId, String serviceName, String deviceId) {
    return new TaskBuilder(taskId, serviceName, deviceId);
  }

  /**
   * A RUNNING task with spec h1, created at time 0, not held, healthy exactly when its status is
   * RUNNING unless told otherwise.
   */
  static final class TaskBuilder {
    private final String taskId;
    private final String serviceName;
    private final String deviceId;
    private String specHash = "h1";
    private String lastStatus = ObservedTask.RUNNING;
    private long createdAtMillis;
    private Boolean healthy;
    private boolean held;

    private TaskBuilder(String taskId, String serviceName, String deviceId) {
      this.taskId = taskId;
      this.serviceName = serviceName;
      this.deviceId = deviceId;
    }

    TaskBuilder hash(String h) {
      specHash = h;
      return this;
    }

    TaskBuilder status(String s) {
      lastStatus = s;
      return this;
    }

    TaskBuilder pending() {
      return status(ObservedTask.PENDING);
    }

    TaskBuilder created(long millis) {
      createdAtMillis = millis;
      return this;
    }

    /** Running but not (yet) passing its health check. */
    TaskBuilder unhealthy() {
      healthy = false;
      return this;
    }

    TaskBuilder held() {
      held = true;
      return this;
    }

    ObservedTask build() {
      return new ObservedTask(taskId, serviceName, deviceId, specHash, lastStatus,
          createdAtMillis, healthy == null ? ObservedTask.RUNNING.equals(lastStatus) : healthy,
          held);
    }
  }
}
