package dev.backroom.agent.runtime.docker;

import com.github.dockerjava.api.model.DeviceRequest;
import com.github.dockerjava.api.model.HostConfig;
import java.nio.file.Path;
import java.util.List;

/**
 * How GPUs that a container was granted reach it. Kept apart from GPU accounting (the count the
 * hub schedules against), so a machine without GPUs can stand in for a GPU device with
 * {@link #NONE}.
 */
public interface GpuAttachment {
  /** The names {@code --gpu-runtime} takes. */
  List<String> NAMES = List.of("none", "nvidia", "jetson");

  /**
   * Adds whatever gives the container {@code count} GPUs; never called with count 0.
   *
   * @throws IllegalStateException when this device has no way to give a GPU; the create fails
   *     with that message instead of running the container without one
   */
  void attach(HostConfig hostConfig, int count);

  /** Variables the container needs besides the host config; the task's own win over them. */
  default List<String> environment(int count) {
    return List.of();
  }

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

  /**
   * NVIDIA Container Toolkit on an x86 GPU host: a device request like
   * {@code docker run --gpus N}.
   */
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
   * none or nvidia; jetson needs {@link #of}, which looks at the device nodes.
   *
   * @throws IllegalArgumentException for any other name
   */
  static GpuAttachment named(String name) {
    return switch (name) {
      case "none" -> NONE;
      case "nvidia" -> NVIDIA;
      case "jetson" -> JetsonGpu.discover(Path.of("/dev"), false);
      default -> throw unknown(name);
    };
  }

  /**
   * @param devRoot where a jetson attachment looks for GPU device nodes ({@code /dev})
   * @param jetsonRuntime whether the NVIDIA container runtime is installed on the Jetson
   * @throws IllegalArgumentException for a name other than none, nvidia or jetson
   */
  static GpuAttachment of(String name, Path devRoot, boolean jetsonRuntime) {
    return switch (name) {
      case "none" -> NONE;
      case "nvidia" -> NVIDIA;
      case "jetson" -> JetsonGpu.discover(devRoot, jetsonRuntime);
      default -> throw unknown(name);
    };
  }

  private static IllegalArgumentException unknown(String name) {
    return new IllegalArgumentException("unknown GPU runtime " + name
        + " (expected none, nvidia or jetson)");
  }
}
