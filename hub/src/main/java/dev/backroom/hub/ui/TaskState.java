package dev.backroom.hub.ui;

import dev.backroom.hub.store.TaskRecord;
import dev.backroom.mqtt.message.ContainerStatus;
import java.util.List;

/**
 * A task's state and health in words a technician reads without the docs. Pure.
 *
 * <p>RESTARTING is not one of ECS's task states: the agent reports such a task PENDING (its
 * essential container exited and waits out its restart backoff, or is being replaced after an
 * operator's restart) or Docker says the container is restarting; the page says what happens.
 */
public final class TaskState {
  public static final String RESTARTING = "RESTARTING";
  public static final List<String> STATES =
      List.of(TaskRecord.PENDING, TaskRecord.RUNNING, RESTARTING, TaskRecord.STOPPED);

  private TaskState() {}

  public static String of(TaskRecord t) {
    String last = t.lastStatus() == null ? TaskRecord.PENDING : t.lastStatus();
    if (TaskRecord.RUNNING.equals(t.desiredStatus()) && !TaskRecord.RUNNING.equals(last)
        && containers(t).stream().anyMatch(TaskState::restarting)) {
      return RESTARTING;
    }
    return last;
  }

  /** Docker restarting it, the agent about to (backoff), or a replacement under way. */
  static boolean restarting(ContainerStatus c) {
    String state = c.state() == null ? "" : c.state();
    return "restarting".equals(state) || "stopping".equals(state) || "removing".equals(state)
        || ("exited".equals(state) && c.message() != null && c.message().contains("restart"));
  }

  /** Restarts of all the task's containers, earlier ones included: never down within a task. */
  public static int restarts(TaskRecord t) {
    int reported = containers(t).stream().mapToInt(ContainerStatus::restartsShown).sum();
    // the hub's own count covers reports of agents that do not send earlier restarts
    return Math.max(reported, t.restarts());
  }

  /** What a health word means for this task. */
  public static String healthMeaning(String health, boolean hasHealthCheck) {
    if (health == null || "UNKNOWN".equals(health)) {
      return hasHealthCheck
          ? "not reported yet: the health check has not passed or failed since the container started"
          : "no health check is defined for this task, so only running or not is known";
    }
    return "HEALTHY".equals(health) ? "the health check passes"
        : "the health check fails";
  }

  /** An exit code in words: "137 (killed: SIGKILL, often out of memory)". */
  public static String exit(Integer code) {
    if (code == null) {
      return "-";
    }
    String why = switch (code) {
      case 0 -> "finished normally";
      case 1 -> "the program reported an error";
      case 125, 126, 127 -> "the container's command could not run";
      case 137 -> "killed (SIGKILL, often out of memory or a stop that timed out)";
      case 139 -> "crashed (segmentation fault)";
      case 143 -> "stopped (SIGTERM)";
      default -> code > 128 ? "ended by signal " + (code - 128) : "the program's own error code";
    };
    return code + " (" + why + ")";
  }

  static List<ContainerStatus> containers(TaskRecord t) {
    return t.containers() == null ? List.of() : t.containers();
  }
}
