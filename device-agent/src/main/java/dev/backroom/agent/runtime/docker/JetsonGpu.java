package dev.backroom.agent.runtime.docker;

import com.github.dockerjava.api.model.Device;
import com.github.dockerjava.api.model.HostConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The integrated GPU of an NVIDIA Jetson (L4T / JetPack). A Jetson has one GPU, reached through
 * device nodes rather than a PCI device, so a container granted any GPU count gets:
 *
 * <ul>
 *   <li>every GPU device node found under the device root at agent start, as a device with
 *       {@code rwm}: in the root, names {@code nvmap}, {@code nvhost-*} (JetPack 4 and 5: the
 *       GPU channels {@code nvhost-gpu}, {@code nvhost-ctrl-gpu}, {@code nvhost-as-gpu} and the
 *       other host1x engines, {@code nvhost-vic}, {@code -nvdec}, {@code -msenc}, {@code -nvdla*})
 *       and {@code nvidia*} ({@code nvidia0}, {@code nvidiactl}, {@code nvidia-modeset} on
 *       JetPack 6), plus everything below {@code nvgpu/} (JetPack 6's {@code nvgpu/igpu0/*});
 *   <li>with {@code jetsonRuntime}, Docker's {@code nvidia} runtime (the NVIDIA Container
 *       Toolkit that JetPack installs, which also mounts the host's CUDA libraries) and
 *       {@code NVIDIA_VISIBLE_DEVICES=all}, which that runtime needs to act.
 * </ul>
 *
 * Discovery happens once: device nodes of an integrated GPU do not come and go.
 */
final class JetsonGpu implements GpuAttachment {
  static final String RUNTIME = "nvidia";

  private final Path devRoot;
  private final List<String> devices;
  private final boolean runtime;

  /** @param devices paths relative to {@code devRoot}, as they appear under /dev */
  JetsonGpu(Path devRoot, List<String> devices, boolean runtime) {
    this.devRoot = devRoot;
    this.devices = List.copyOf(devices);
    this.runtime = runtime;
  }

  /** Looks for the GPU device nodes under {@code devRoot}, sorted by path. */
  static JetsonGpu discover(Path devRoot, boolean runtime) {
    List<String> nodes = deviceNodes(devRoot);
    java.util.logging.Logger.getLogger(JetsonGpu.class.getName()).log(
        nodes.isEmpty() && !runtime ? java.util.logging.Level.WARNING
            : java.util.logging.Level.INFO,
        "jetson GPU: {0} device nodes under {1} {2}; nvidia runtime {3}", new Object[] {
            nodes.size(), devRoot, nodes, runtime ? "on" : "off"});
    return new JetsonGpu(devRoot, nodes, runtime);
  }

  /** The GPU device nodes under {@code devRoot}, relative to it ({@code nvgpu/igpu0/ctrl}). */
  static List<String> deviceNodes(Path devRoot) {
    List<String> out = new ArrayList<>();
    if (!Files.isDirectory(devRoot)) {
      return out;
    }
    try (Stream<Path> top = Files.list(devRoot)) {
      top.filter(p -> !Files.isDirectory(p)).filter(p -> isGpuNode(p.getFileName().toString()))
          .forEach(p -> out.add(devRoot.relativize(p).toString()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + devRoot, e);
    }
    Path nvgpu = devRoot.resolve("nvgpu");
    if (Files.isDirectory(nvgpu)) {
      try (Stream<Path> all = Files.walk(nvgpu)) {
        all.filter(p -> !Files.isDirectory(p))
            .forEach(p -> out.add(devRoot.relativize(p).toString()));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot list " + nvgpu, e);
      }
    }
    out.sort(null);
    return out;
  }

  private static boolean isGpuNode(String name) {
    return name.equals("nvmap") || name.startsWith("nvhost-") || name.startsWith("nvidia");
  }

  List<String> devices() {
    return devices;
  }

  boolean usesRuntime() {
    return runtime;
  }

  @Override
  public void attach(HostConfig hc, int count) {
    if (devices.isEmpty() && !runtime) {
      throw new IllegalStateException("--gpu-runtime jetson found no GPU device nodes at agent"
          + " start and --jetson-runtime is off: the container cannot reach the GPU");
    }
    // Keeps devices the task named itself (linuxParameters.devices); theirs win on a clash.
    Map<String, Device> byHost = new LinkedHashMap<>();
    if (hc.getDevices() != null) {
      Arrays.stream(hc.getDevices()).forEach(d -> byHost.put(d.getPathOnHost(), d));
    }
    for (String node : devices) {
      // The host path is under the configured root; inside the container it is always /dev.
      String host = devRoot.resolve(node).toString();
      byHost.putIfAbsent(host, new Device("rwm", "/dev/" + node, host));
    }
    if (!byHost.isEmpty()) {
      hc.withDevices(new ArrayList<>(byHost.values()));
    }
    if (runtime) {
      hc.withRuntime(RUNTIME);
    }
  }

  @Override
  public List<String> environment(int count) {
    return runtime ? List.of("NVIDIA_VISIBLE_DEVICES=all") : List.of();
  }

  @Override
  public String name() {
    return "jetson";
  }
}
