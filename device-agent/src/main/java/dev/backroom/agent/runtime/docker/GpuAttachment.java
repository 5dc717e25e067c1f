package dev.backroom.agent.runtime.docker;

import com.github.dockerjava.api.model.DeviceRequest;
import com.github.dockerjava.api.model.HostConfig;
import java.util.List;

/**
 * How GPUs that a container was granted reach it. Kept apart from GPU accounting (the count the
 * hub schedules against), so a machine without GPUs can stand in for a GPU device with
 * {@link #NONE}.
 */
public interface GpuAttachment {

  /** Adds whatever gives the container {@code count} GPUs; never called with count 0. */
  void attach(HostConfig hostConfig, int count);

  /** The name used on the command line. */
  String name();

  /** Accounting only: the container gets no device. */
  GpuAttachment NONE = new GpuAttachment() {
    @Override
    public void attach(HostConfig hostConfig, int count) {}

    @Override
    public String name() {
      return "none";
    }
  };

  /** NVIDIA Container Toolkit: a device request like {@code docker run --gpus N}. */
  GpuAttachment NVIDIA = new GpuAttachment() {
    @Override
    public void attach(HostConfig hostConfig, int count) {
      hostConfig.withDeviceRequests(List.of(new DeviceRequest()
          .withDriver("nvidia")
          .withCount(count)
          .withCapabilities(List.of(List.of("gpu")))));
    }

    @Override
    public String name() {
      return "nvidia";
    }
  };

  /**
   * @throws IllegalArgumentException for a name other than none or nvidia
   */
  static GpuAttachment named(String name) {
    return switch (name) {
      case "none" -> NONE;
      case "nvidia" -> NVIDIA;
      default -> throw new IllegalArgumentException("unknown GPU runtime " + name
          + " (expected none or nvidia)");
    };
  }
}
