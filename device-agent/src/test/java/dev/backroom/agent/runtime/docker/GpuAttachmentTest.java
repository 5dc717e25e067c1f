package dev.backroom.agent.runtime.docker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.Device;
import com.github.dockerjava.api.model.DeviceRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exact create request for a GPU container under each --gpu-runtime; nothing here has one. */
class GpuAttachmentTest {
  static final String GPU_TASK = ContainerTranslationTest.task("", "\"resourceRequirements\":"
      + "[{\"type\":\"GPU\",\"value\":\"1\"}],\"linuxParameters\":{\"devices\":[{\"hostPath\":"
      + "\"/dev/video0\"}]}");

  /** A JetPack 5 (nvhost) and JetPack 6 (nvgpu/igpu0, nvidia*) mix, plus nodes that are not GPU. */
  static Path fakeDev(Path root) throws IOException {
    for (String f : List.of("nvmap", "nvhost-ctrl", "nvhost-ctrl-gpu", "nvhost-gpu",
        "nvhost-as-gpu", "nvhost-vic", "nvidia0", "nvidiactl", "nvgpu/igpu0/ctrl",
        "nvgpu/igpu0/as", "null", "ttyUSB0", "video0", "nvme0n1")) {
      Path p = root.resolve(f);
      Files.createDirectories(p.getParent());
      Files.createFile(p);
    }
    Files.createDirectories(root.resolve("nvhost-dir-not-a-node"));
    return root;
  }

  static CreateContainerCmd translate(GpuAttachment gpus) {
    return ContainerTranslationTest.translate(GPU_TASK,
        ContainerTranslationTest.OPTIONS.withGpus(gpus));
  }

  @Test
  void jetsonDiscoversTheGpuNodes_sortedAndRelativeToTheRoot(@TempDir Path dir) throws Exception {
    JetsonGpu gpu = JetsonGpu.discover(fakeDev(dir), false);
    assertEquals(List.of("nvgpu/igpu0/as", "nvgpu/igpu0/ctrl", "nvhost-as-gpu", "nvhost-ctrl",
        "nvhost-ctrl-gpu", "nvhost-gpu", "nvhost-vic", "nvidia0", "nvidiactl", "nvmap"),
        gpu.devices());
  }

  @Test
  void jetsonDeviceNodes_addedWithRwm_besideTheTasksOwnDevices(@TempDir Path dir)
      throws Exception {
    CreateContainerCmd c = translate(GpuAttachment.of("jetson", fakeDev(dir), false));
    Device[] devices = c.getHostConfig().getDevices();
    assertEquals(new Device("rwm", "/dev/video0", "/dev/video0"), devices[0],
        "the task's own device first");
    assertEquals(new Device("rwm", "/dev/nvgpu/igpu0/as", dir + "/nvgpu/igpu0/as"), devices[1]);
    assertEquals(new Device("rwm", "/dev/nvmap", dir + "/nvmap"), devices[devices.length - 1]);
    assertEquals(11, devices.length);
    assertNull(c.getHostConfig().getRuntime(), "no runtime unless --jetson-runtime");
    assertNull(c.getHostConfig().getDeviceRequests());
    assertTrue(List.of(c.getEnv()).stream().noneMatch(e -> e.startsWith("NVIDIA_")));
  }

  @Test
  void jetsonWithTheRuntime_alsoRunsOnNvidia_withAllDevicesVisible(@TempDir Path dir)
      throws Exception {
    CreateContainerCmd c = translate(GpuAttachment.of("jetson", fakeDev(dir), true));
    assertEquals("nvidia", c.getHostConfig().getRuntime());
    assertTrue(List.of(c.getEnv()).contains("NVIDIA_VISIBLE_DEVICES=all"), List.of(c.getEnv())
        .toString());
    assertEquals(11, c.getHostConfig().getDevices().length);
  }

  @Test
  void jetsonWithoutNodesOrRuntime_failsTheCreate(@TempDir Path dir) {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> translate(GpuAttachment.of("jetson", dir, false)));
    assertTrue(e.getMessage().contains("found no GPU device nodes"), e.getMessage());
  }

  @Test
  void jetsonWithRuntimeButNoNodes_usesTheRuntimeAlone(@TempDir Path dir) {
    CreateContainerCmd c = translate(GpuAttachment.of("jetson", dir, true));
    assertEquals("nvidia", c.getHostConfig().getRuntime());
    assertArrayEquals(new Device[] {new Device("rwm", "/dev/video0", "/dev/video0")},
        c.getHostConfig().getDevices());
  }

  @Test
  void nvidiaIsADeviceRequest_likeDockerRunGpus() {
    CreateContainerCmd c = translate(GpuAttachment.NVIDIA);
    DeviceRequest r = c.getHostConfig().getDeviceRequests().get(0);
    assertEquals("nvidia", r.getDriver());
    assertEquals(1, r.getCount());
    assertEquals(List.of(List.of("gpu")), r.getCapabilities());
    assertNull(c.getHostConfig().getRuntime());
  }

  @Test
  void noGpuAsked_nothingAttached(@TempDir Path dir) throws Exception {
    CreateContainerCmd c = ContainerTranslationTest.translate(ContainerTranslationTest.task("",
        ""), ContainerTranslationTest.OPTIONS.withGpus(GpuAttachment.of("jetson", fakeDev(dir),
        true)));
    assertNull(c.getHostConfig().getDevices());
    assertNull(c.getHostConfig().getRuntime());
  }

  @Test
  void unknownRuntimeIsRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> GpuAttachment.of("rocm", Path.of("/dev"), false));
    assertTrue(e.getMessage().contains("expected none, nvidia or jetson"), e.getMessage());
  }
}
