package dev.backroom.agent.runtime.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.DeviceRequest;
import com.github.dockerjava.api.model.HostConfig;
import dev.backroom.agent.model.ContainerKey;
import dev.backroom.agent.model.DesiredContainer;
import dev.backroom.config.model.ContainerDefinition;
import dev.backroom.config.model.HealthCheck;
import dev.backroom.config.model.KeyValuePair;
import dev.backroom.config.model.MountPoint;
import dev.backroom.config.model.ResourceRequirement;
import dev.backroom.config.model.TaskDefinition;
import dev.backroom.config.model.Volume;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DockerSpecsTest {

  private static DesiredContainer desired(ContainerDefinition c, String network,
      List<Volume> volumes) {
    TaskDefinition td = new TaskDefinition("fam", 2, List.of(c), null, null, network, volumes);
    return new DesiredContainer(new ContainerKey("task/1", c.name()), "svc", "abc", 4, td, c);
  }

  private static ContainerDefinition full() {
    return new ContainerDefinition("web app", "img", List.of("sleep", "1"), null,
        List.of(new KeyValuePair("A", "1"), new KeyValuePair("B", null)), null, 1, 64, 32,
        List.of(new ResourceRequirement("GPU", "2")),
        List.of(new MountPoint("cfg", "/etc/app", true), new MountPoint("cache", "/cache", null),
            new MountPoint("undeclared", "/x", null)),
        new HealthCheck(List.of("CMD-SHELL", "test -f /ok"), 2, 3, 4, 5), null);
  }

  @Test
  void nameIsSanitised() {
    assertEquals("backroom-task-1-web-app", DockerSpecs.containerName(desired(full(), null,
        null)));
  }

  @Test
  void resourcesNetworkAndMountsMapToHostConfig() {
    HostConfig hc = DockerSpecs.hostConfig(desired(full(), "none", List.of(
        new Volume("cfg", new Volume.Host("/srv/cfg")), new Volume("cache", null))),
        GpuAttachment.NONE);
    assertEquals("none", hc.getNetworkMode());
    assertEquals(64L << 20, hc.getMemory());
    assertEquals(32L << 20, hc.getMemoryReservation());
    assertEquals(2, hc.getCpuShares(), "cpu 1 is raised to Docker's minimum of 2");
    assertEquals(List.of(
        new Bind("/srv/cfg", new com.github.dockerjava.api.model.Volume("/etc/app"),
            AccessMode.ro),
        new Bind("backroom-task-1-cache", new com.github.dockerjava.api.model.Volume("/cache"),
            AccessMode.rw)), List.of(hc.getBinds()));
    assertNull(hc.getDeviceRequests(), "accounting-only GPUs attach nothing");
    assertNull(hc.getRestartPolicy(), "the agent, not Docker, restarts containers");
  }

  @Test
  void defaultNetworkIsBridge_andUnsetLimitsStayUnset() {
    HostConfig hc = DockerSpecs.hostConfig(desired(ContainerDefinition.of("a", "img", 8)
        .withCommand(null), null, null), GpuAttachment.NVIDIA);
    assertEquals("bridge", hc.getNetworkMode(), "ECS's default for external instances");
    assertNull(hc.getCpuShares());
    assertNull(hc.getMemoryReservation());
    assertNull(hc.getDeviceRequests(), "no GPU asked for, none attached");
  }

  @Test
  void nvidiaAttachesADeviceRequestForTheCount() {
    HostConfig hc = DockerSpecs.hostConfig(desired(full(), null, null), GpuAttachment.NVIDIA);
    DeviceRequest r = hc.getDeviceRequests().get(0);
    assertEquals("nvidia", r.getDriver());
    assertEquals(2, r.getCount());
    assertEquals(List.of(List.of("gpu")), r.getCapabilities());
  }

  @Test
  void healthCheckKeepsCmdShellAndConvertsSecondsToNanos() {
    var h = DockerSpecs.healthCheck(full().healthCheck());
    assertEquals(List.of("CMD-SHELL", "test -f /ok"), h.getTest());
    assertEquals(2_000_000_000L, h.getInterval());
    assertEquals(3_000_000_000L, h.getTimeout());
    assertEquals(4, h.getRetries());
    assertEquals(5_000_000_000L, h.getStartPeriod());
  }

  @Test
  void environmentAndLabels() {
    DesiredContainer d = desired(full(), null, null);
    assertEquals(List.of("A=1", "B="), DockerSpecs.environment(d.container()));
    assertEquals(Map.of("backroom.managed", "true", "backroom.device-id", "dev-a",
        "backroom.task-id", "task/1", "backroom.service", "svc", "backroom.container", "web app",
        "backroom.generation", "4", "backroom.spec-hash", "abc"), ContainerLabels.of("dev-a", d));
    assertEquals(new ContainerKey("task/1", "web app"),
        ContainerLabels.key(ContainerLabels.of("dev-a", d)));
  }

  @Test
  void unknownGpuRuntimeIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> GpuAttachment.named("amd"));
  }
}
