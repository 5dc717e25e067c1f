package dev.backroom.config.model;

/**
 * Names of the built-in device attributes. Where ECS has a name we use it, so ECS placement
 * expressions work unchanged; the rest live under {@code backroom.}.
 */
public final class DeviceAttributes {
  /** {@code x86_64} or {@code arm64}, as ECS spells them. */
  public static final String CPU_ARCHITECTURE = "ecs.cpu-architecture";
  /** {@code linux} on every device we support today. */
  public static final String OS_TYPE = "ecs.os-type";
  public static final String DEVICE_ID = "backroom.device-id";
  public static final String GPU_COUNT = "backroom.gpu-count";

  private DeviceAttributes() {}

  /** Maps a JVM/Go style architecture name to the ECS one. */
  public static String ecsArchitecture(String arch) {
    return switch (arch) {
      case "amd64", "x86_64", "x64" -> "x86_64";
      case "aarch64", "arm64" -> "arm64";
      default -> arch;
    };
  }
}
