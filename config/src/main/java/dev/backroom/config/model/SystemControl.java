package dev.backroom.config.model;

/** ECS {@code systemControls} entry, Docker's {@code --sysctl namespace=value}. */
public record SystemControl(String namespace, String value) {}
