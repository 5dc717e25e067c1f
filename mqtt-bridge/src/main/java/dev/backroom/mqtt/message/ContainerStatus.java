package dev.backroom.mqtt.message;

/**
 * One container as the agent sees it. {@code state} is Docker's (running, exited, created,
 * restarting); {@code health} is ECS's HEALTHY, UNHEALTHY or UNKNOWN.
 */
public record ContainerStatus(
    String name,
    String containerId,
    String state,
    Integer exitCode,
    String health,
    int restarts,
    String message) {}
