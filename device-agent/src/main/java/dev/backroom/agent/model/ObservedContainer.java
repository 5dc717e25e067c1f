package dev.backroom.agent.model;

import dev.backroom.mqtt.message.NetworkBinding;
import java.time.Instant;
import java.util.List;

/**
 * A container as the runtime last saw it, read back from its labels. {@code key} is null when a
 * managed container lacks its task labels. {@code state} is Docker's word (running, exited,
 * created, restarting, paused, removing, dead); {@code health} is Docker's (healthy, unhealthy,
 * starting) or null without a health check. Times are null when unknown or never;
 * {@code startedAt} is the last start, also while running. {@code networkBindings} are the
 * ports Docker published for it (empty when none, or in host mode where Docker publishes
 * nothing). {@code stopRank} is the container's {@link StopRank} as recorded when it was created
 * (0 for a container created before the agent recorded it): the shutdown order of a task whose
 * definition is gone.
 */
public record ObservedContainer(
    String id,
    String name,
    String deviceId,
    ContainerKey key,
    String specHash,
    long generation,
    String state,
    Integer exitCode,
    String health,
    Instant startedAt,
    Instant finishedAt,
    String error,
    List<NetworkBinding> networkBindings,
    int stopRank) {

  public static final String RUNNING = "running";
  public static final String EXITED = "exited";
  public static final String CREATED = "created";
  public static final String DEAD = "dead";
  public static final String PAUSED = "paused";
  /** Shown by the runtime while it stops a container in the background. */
  public static final String STOPPING = "stopping";
  /** Shown while a container is being stopped and removed (by the runtime or the engine). */
  public static final String REMOVING = "removing";

  public ObservedContainer {
    networkBindings = networkBindings == null ? List.of() : List.copyOf(networkBindings);
  }

  /** A container without published ports. */
  public ObservedContainer(String id, String name, String deviceId, ContainerKey key,
      String specHash, long generation, String state, Integer exitCode, String health,
      Instant startedAt, Instant finishedAt, String error) {
    this(id, name, deviceId, key, specHash, generation, state, exitCode, health, startedAt,
        finishedAt, error, List.of(), 0);
  }

  /** A container with its ports, created before the agent recorded stop ranks. */
  public ObservedContainer(String id, String name, String deviceId, ContainerKey key,
      String specHash, long generation, String state, Integer exitCode, String health,
      Instant startedAt, Instant finishedAt, String error, List<NetworkBinding> networkBindings) {
    this(id, name, deviceId, key, specHash, generation, state, exitCode, health, startedAt,
        finishedAt, error, networkBindings, 0);
  }

  public boolean isRunning() {
    return RUNNING.equals(state) || "restarting".equals(state);
  }

  /**
   * Whether it may still be running: running, restarting, paused, or being stopped or removed.
   * Exited, created and dead containers run nothing.
   */
  public boolean isAlive() {
    return isRunning() || PAUSED.equals(state) || STOPPING.equals(state)
        || REMOVING.equals(state);
  }

  /**
   * Whether it ever ran: running, paused or exited. A created container never started, and a
   * dead one is replaced, so neither counts.
   */
  public boolean wasStarted() {
    return isRunning() || PAUSED.equals(state) || EXITED.equals(state);
  }
}
