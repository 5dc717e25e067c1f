package dev.backroom.hub.reconcile;

import dev.backroom.config.model.PlacementConstraint;
import dev.backroom.hub.scheduler.Fixtures;
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

  static TaskBuilder task(String taskId, String serviceName, String deviceId) {
    return new TaskBuilder(taskId, serviceName, deviceId);
  }

  /** A RUNNING task with spec h1, created at time 0. */
  static final class TaskBuilder {
    private final String taskId;
    private final String serviceName;
    private final String deviceId;
    private String specHash = "h1";
    private String lastStatus = ObservedTask.RUNNING;
    private long createdAtMillis;

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

    ObservedTask build() {
      return new ObservedTask(taskId, serviceName, deviceId, specHash, lastStatus,
          createdAtMillis);
    }
  }
}
