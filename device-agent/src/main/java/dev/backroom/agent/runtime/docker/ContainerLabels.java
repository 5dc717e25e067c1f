package dev.backroom.agent.runtime.docker;

import dev.backroom.agent.model.ContainerKey;
import dev.backroom.agent.model.DesiredContainer;
import dev.backroom.agent.model.StopRank;
import java.util.Map;
import java.util.TreeMap;

/**
 * The labels that make a container ours. They carry everything needed to adopt a container after
 * an agent restart without recreating it.
 */
public final class ContainerLabels {
  public static final String MANAGED = "backroom.managed";
  public static final String DEVICE_ID = "backroom.device-id";
  public static final String TASK_ID = "backroom.task-id";
  public static final String SERVICE = "backroom.service";
  public static final String CONTAINER = "backroom.container";
  public static final String GENERATION = "backroom.generation";
  public static final String SPEC_HASH = "backroom.spec-hash";
  /**
   * Seconds from SIGTERM to SIGKILL, as created; the engine's API does not return the
   * container's own StopTimeout, and the agent needs it to stop the container later.
   */
  public static final String STOP_TIMEOUT = "backroom.stop-timeout";
  /**
   * The container's {@link StopRank} in the definition it was created from, so that its task
   * still shuts down in reverse dependency order once the definition is gone (the task left
   * the assignment).
   */
  public static final String STOP_RANK = "backroom.stop-rank";

  private ContainerLabels() {}

  public static Map<String, String> of(String deviceId, DesiredContainer d) {
    Map<String, String> m = new TreeMap<>();
    m.put(MANAGED, "true");
    m.put(DEVICE_ID, deviceId);
    m.put(TASK_ID, d.key().taskId());
    if (d.serviceName() != null) {
      m.put(SERVICE, d.serviceName());
    }
    m.put(CONTAINER, d.key().containerName());
    m.put(GENERATION, Long.toString(d.generation()));
    m.put(SPEC_HASH, d.specHash());
    return m;
  }

  /**
   * The task's {@code dockerLabels} with ours put over them: a task can add labels but never
   * pass for another task, device or spec.
   */
  public static Map<String, String> withDockerLabels(String deviceId, DesiredContainer d,
      int stopTimeoutSeconds) {
    Map<String, String> m = new TreeMap<>();
    Map<String, String> theirs = d.container().dockerLabels();
    if (theirs != null) {
      theirs.forEach((k, v) -> {
        if (k != null) {
          m.put(k, v == null ? "" : v);
        }
      });
    }
    m.putAll(of(deviceId, d));
    m.put(STOP_TIMEOUT, Integer.toString(stopTimeoutSeconds));
    m.put(STOP_RANK, Integer.toString(StopRank.of(d)));
    return m;
  }

  /** The filter that selects exactly one device's containers. */
  public static Map<String, String> deviceFilter(String deviceId) {
    return Map.of(MANAGED, "true", DEVICE_ID, deviceId);
  }

  /** The key the labels name, or null when a task label is missing. */
  public static ContainerKey key(Map<String, String> labels) {
    String task = labels.get(TASK_ID);
    String container = labels.get(CONTAINER);
    return task == null || container == null ? null : new ContainerKey(task, container);
  }

  public static long generation(Map<String, String> labels) {
    try {
      return Long.parseLong(labels.getOrDefault(GENERATION, "-1"));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /**
   * The recorded stop rank; 0 when missing (a container of an older agent) or unreadable, so
   * such a container never holds another back.
   */
  public static int stopRank(Map<String, String> labels) {
    try {
      return Math.max(0, Integer.parseInt(labels.getOrDefault(STOP_RANK, "0")));
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
