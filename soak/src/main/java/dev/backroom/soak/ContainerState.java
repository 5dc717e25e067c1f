package dev.backroom.soak;

/**
 * A managed container as the Docker engine shows it (never as the hub reports it).
 *
 * @param roll the value of the workload's {@code SOAK_ROLL} variable: which rolling update of its
 *     service the container runs, or null
 */
public record ContainerState(String id, String device, String service, String taskId,
    String container, boolean running, String startedAt, String roll) {}
