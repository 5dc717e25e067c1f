package dev.backroom.config.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * ECS {@code linuxParameters}: kernel capabilities, host devices (how Jetson GPUs and cameras
 * reach a container), an init process, {@code /dev/shm} size and tmpfs mounts (MiB), swap.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LinuxParameters(
    KernelCapabilities capabilities,
    List<Device> devices,
    Boolean initProcessEnabled,
    Integer sharedMemorySize,
    List<Tmpfs> tmpfs,
    Integer maxSwap,
    Integer swappiness) {

  /** Capability names as Docker takes them, with or without the {@code CAP_} prefix. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record KernelCapabilities(List<String> add, List<String> drop) {}

  /**
   * A host device; {@code containerPath} defaults to {@code hostPath}, {@code permissions} to all
   * of read, write, mknod.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Device(String hostPath, String containerPath, List<String> permissions) {
    public static final List<String> PERMISSIONS = List.of("read", "write", "mknod");
  }

  /** A tmpfs mount of {@code size} MiB. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Tmpfs(String containerPath, Integer size, List<String> mountOptions) {}
}
