package dev.backroom.config.model;

/** ECS {@code ulimits} entry, Docker's {@code --ulimit name=soft:hard}. */
public record Ulimit(String name, Integer softLimit, Integer hardLimit) {}
