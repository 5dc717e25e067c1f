package dev.backroom.config.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * A task volume. With {@code host.sourcePath} it is a bind mount; otherwise a Docker volume,
 * scoped to the task unless {@code dockerVolumeConfiguration.scope} is {@code shared}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Volume(String name, Host host, DockerVolumeConfiguration dockerVolumeConfiguration) {

  public Volume(String name, Host host) {
    this(name, host, null);
  }

  public record Host(String sourcePath) {}

  /** ECS {@code dockerVolumeConfiguration}; the driver must be {@code local} here. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record DockerVolumeConfiguration(String scope, Boolean autoprovision, String driver,
      Map<String, String> driverOpts, Map<String, String> labels) {
    public static final String TASK = "task";
    public static final String SHARED = "shared";
  }

  /** A bind mount from the device. */
  @JsonIgnore
  public boolean isHostPath() {
    return host != null && host.sourcePath() != null;
  }

  /** A Docker volume that outlives the task and is shared by every task naming it. */
  @JsonIgnore
  public boolean isShared() {
    return dockerVolumeConfiguration != null
        && DockerVolumeConfiguration.SHARED.equals(dockerVolumeConfiguration.scope());
  }
}
