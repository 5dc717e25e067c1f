package dev.backroom.agent.model;

import java.time.Instant;

/**
 * A container as the runtime last saw it, read back from its labels. {@code key} is null when a
 * managed container lacks its task labels. {@code state} is Docker's word (running, exited,
 * created, restarting, paused, removing, dead); {@code health} is Docker's (healthy, unhealthy,
 * starting) or null without a health check. Times are null when unknown or never.
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
    String error) {

  public static final String RUNNING = "running";
  public static final String EXITED = "exited";
  public static final String CREATED = "created";
  public static final String DEAD = "dead";

  public boolean isRunning() {
    return RUNNING.equals(state) || "restarting".equals(state);
  }
}
