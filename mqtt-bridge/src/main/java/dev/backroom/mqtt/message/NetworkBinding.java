package dev.backroom.mqtt.message;

/**
 * A port a container is reachable on, in ECS's {@code networkBindings} shape: Docker's chosen
 * {@code hostPort} for a dynamic mapping, the static one otherwise.
 */
public record NetworkBinding(String bindIP, int containerPort, int hostPort, String protocol) {}
