package dev.backroom.config.model;

/**
 * ECS {@code runtimePlatform}. {@code cpuArchitecture} X86_64 or ARM64 places the task only on
 * devices of that architecture; {@code operatingSystemFamily} must be LINUX.
 */
public record RuntimePlatform(String cpuArchitecture, String operatingSystemFamily) {}
