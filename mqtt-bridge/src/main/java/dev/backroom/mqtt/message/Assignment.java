package dev.backroom.mqtt.message;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;

/**
 * The full set of tasks a device must run, published retained. {@code generation} grows with
 * every change, so the agent ignores stale copies and status reports can say what they reflect.
 * {@code epoch} is the hub epoch of the signed envelope it came in (see
 * {@code dev.backroom.mqtt.signing}); the agent records it with the assignment it stores, so
 * (epoch, generation) orders assignments across hub restarts and restores. The hub leaves it out
 * of the body (the signed envelope carries it); null in assignments stored before signing.
 */
public record Assignment(String deviceId, long generation, List<AssignedTask> tasks, Long epoch)
    implements WireMessage {

  public Assignment(String deviceId, long generation, List<AssignedTask> tasks) {
    this(deviceId, generation, tasks, null);
  }

  @Override
  public String problem() {
    if (tasks == null) {
      return "tasks is required";
    }
    return tasks.stream().anyMatch(t -> t == null || t.taskId() == null || t.taskDefinition() == null)
        ? "every task needs taskId and taskDefinition" : null;
  }

  /** The epoch, 0 for an assignment from before signing. */
  @JsonIgnore
  public long epochOrZero() {
    return epoch == null ? 0 : epoch;
  }

  public Assignment withEpoch(long e) {
    return new Assignment(deviceId, generation, tasks, e);
  }

  public static Assignment empty(String deviceId) {
    return new Assignment(deviceId, 0, List.of());
  }
}
