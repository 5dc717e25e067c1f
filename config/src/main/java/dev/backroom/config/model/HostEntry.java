package dev.backroom.config.model;

/** ECS {@code extraHosts} entry, Docker's {@code --add-host hostname:ipAddress}. */
public record HostEntry(String hostname, String ipAddress) {}
