package dev.backroom.agent.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.Device;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.Ulimit;
import dev.backroom.agent.model.ContainerKey;
import dev.backroom.agent.model.DesiredContainer;
import dev.backroom.agent.model.ObservedContainer;
import dev.backroom.agent.runtime.ContainerRuntimeException;
import dev.backroom.agent.runtime.docker.ContainerLabels;
import dev.backroom.agent.runtime.docker.DockerClients;
import dev.backroom.agent.runtime.docker.DockerContainerRuntime;
import dev.backroom.agent.runtime.docker.GpuAttachment;
import dev.backroom.agent.runtime.docker.RuntimeOptions;
import dev.backroom.config.json.Json;
import dev.backroom.config.model.ContainerDefinition;
import dev.backroom.config.model.TaskDefinition;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link DockerContainerRuntime} creating containers from a realistic multi-field ECS task on
 * the real engine, each honoured field read back with {@code docker inspect}. Bridge mode runs
 * on a user-defined {@code --internal} network and is checked by inspection only: no traffic is
 * sent to a container. The agent's default stop timeout is ECS's 30 s, so a stop that takes
 * about the container's own 3 s proves the stopTimeout.
 */
class DockerRuntimeIT {
  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir
  Path dir;

  private DockerClient docker;
  private DockerContainerRuntime runtime;
  private String prefix;
  private String deviceId;
  private String network;
  private String shared;
  private Path envFile;

  @BeforeEach
  void setUp() throws Exception {
    docker = DockerSupport.requireDocker();
    prefix = "ac" + UUID.randomUUID().toString().substring(0, 8);
    deviceId = "it-" + prefix;
    network = prefix + "-net";
    shared = prefix + "-models";
    docker.createNetworkCmd().withName(network).withDriver("bridge").withInternal(true).exec();
    envFile = Files.writeString(dir.resolve("app.env"), "# from the device\nFROM_FILE=yes\n"
        + "A=from-file\n");
    runtime = new DockerContainerRuntime(deviceId, DockerClients.defaultHost(),
        new RuntimeOptions(network, 30, GpuAttachment.NONE, List.of(), dir));
  }

  @AfterEach
  void tearDown() {
    if (runtime != null) {
      runtime.close();
    }
    if (docker == null) {
      return;
    }
    DockerSupport.cleanup(docker, deviceId);
    var volumes = docker.listVolumesCmd().exec().getVolumes();
    for (var v : volumes == null ? List.<com.github.dockerjava.api.command.InspectVolumeResponse>of()
        : volumes) {
      if (v.getName().contains(prefix)) {
        try {
          docker.removeVolumeCmd(v.getName()).exec();
        } catch (NotFoundException gone) {
          // removed by the test
        }
      }
    }
    try {
      docker.removeNetworkCmd(network).exec();
    } catch (NotFoundException gone) {
      // never created
    }
  }

  private DesiredContainer desired(String taskId, TaskDefinition td, String container) {
    ContainerDefinition c = td.containers().stream().filter(x -> x.name().equals(container))
        .findFirst().orElseThrow();
    return new DesiredContainer(new ContainerKey(taskId, container), "svc", "h1", 1, td, c);
  }

  /** The store's inference task as a retail CI would generate it, bridge mode (the default). */
  private TaskDefinition inferenceTask(int hostPort) {
    return Json.read("""
        {"family":"detector","volumes":[{"name":"cache"},
          {"name":"%1$s","dockerVolumeConfiguration":{"scope":"shared","autoprovision":true,
            "driver":"local","labels":{"owner":"detector"}}}],
         "containerDefinitions":[
          {"name":"app","image":"%2$s","command":["sleep","3600"],"memory":64,
           "user":"1000:1000","workingDirectory":"/tmp",
           "environment":[{"name":"A","value":"from-task"}],
           "environmentFiles":[{"value":"%3$s","type":"file"}],
           "ulimits":[{"name":"nofile","softLimit":1024,"hardLimit":2048}],
           "readonlyRootFilesystem":true,
           "linuxParameters":{"devices":[{"hostPath":"/dev/null","containerPath":"/dev/camera",
               "permissions":["read","write"]}],
             "initProcessEnabled":true,"sharedMemorySize":32,
             "tmpfs":[{"containerPath":"/scratch","size":16,"mountOptions":["noexec"]}],
             "capabilities":{"add":["CAP_NET_ADMIN"],"drop":["MKNOD"]}},
           "dockerLabels":{"team":"vision","backroom.device-id":"not-this-one"},
           "hostname":"detector-1",
           "logConfiguration":{"logDriver":"json-file","options":{"max-size":"1m"}},
           "portMappings":[{"containerPort":80,"hostPort":%4$d,"hostIp":"127.0.0.1"},
             {"containerPort":81}],
           "mountPoints":[{"sourceVolume":"cache","containerPath":"/cache"},
             {"sourceVolume":"%1$s","containerPath":"/models","readOnly":true}]},
          {"name":"reader","image":"%2$s","command":["sleep","3600"],"memory":16,
           "volumesFrom":[{"sourceContainer":"app","readOnly":true}]},
          {"name":"stubborn","image":"%2$s","command":["sleep","3600"],"memory":16,
           "stopTimeout":3}]}
        """.formatted(shared, DockerSupport.IMAGE, envFile, hostPort), TaskDefinition.class);
  }

  @Test
  void bridgeTask_everyHonouredFieldShowsInDockerInspect() {
    String task = prefix + "-t1";
    int hostPort = 20000 + Math.floorMod(prefix.hashCode(), 20000);
    TaskDefinition td = inferenceTask(hostPort);
    String appId = runtime.create(desired(task, td, "app"));
    InspectContainerResponse app = docker.inspectContainerCmd(appId).exec();
    HostConfig hc = app.getHostConfig();

    assertEquals(network, hc.getNetworkMode(), "bridge mode joins --bridge-network");
    Map<ExposedPort, Ports.Binding[]> ports = hc.getPortBindings().getBindings();
    assertEquals("127.0.0.1", ports.get(ExposedPort.tcp(80))[0].getHostIp());
    assertEquals(Integer.toString(hostPort), ports.get(ExposedPort.tcp(80))[0].getHostPortSpec());
    Ports.Binding dynamic = ports.get(ExposedPort.tcp(81))[0];
    assertTrue(dynamic.getHostPortSpec() == null || dynamic.getHostPortSpec().isEmpty(),
        "hostPort absent: Docker picks the port");
    assertEquals("1000:1000", app.getConfig().getUser());
    assertEquals("/tmp", app.getConfig().getWorkingDir());
    List<String> env = List.of(app.getConfig().getEnv());
    assertTrue(env.contains("FROM_FILE=yes") && env.contains("A=from-task")
        && !env.contains("A=from-file"), "environment wins over the file: " + env);
    assertEquals(List.of(new Ulimit("nofile", 1024L, 2048L)), List.of(hc.getUlimits()));
    assertEquals(true, hc.getReadonlyRootfs());
    assertEquals(List.of(new Device("rw", "/dev/camera", "/dev/null")), List.of(hc.getDevices()));
    assertEquals(true, hc.getInit());
    assertEquals(32L << 20, hc.getShmSize());
    assertEquals(Map.of("/scratch", "size=16m,noexec"), hc.getTmpFs());
    assertEquals(List.of(Capability.NET_ADMIN), List.of(hc.getCapAdd()));
    assertEquals(List.of(Capability.MKNOD), List.of(hc.getCapDrop()));
    Map<String, String> labels = app.getConfig().getLabels();
    assertEquals("vision", labels.get("team"));
    assertEquals(deviceId, labels.get(ContainerLabels.DEVICE_ID), "our labels win");
    assertEquals("detector-1", app.getConfig().getHostName());
    assertEquals("json-file", hc.getLogConfig().getType().getType());
    assertEquals(Map.of("max-size", "1m"), hc.getLogConfig().getConfig());
    String cacheVolume = "backroom-" + task + "-cache";
    assertEquals(List.of(cacheVolume + ":/cache:rw", shared + ":/models:ro"),
        List.of(hc.getBinds()).stream().map(Object::toString).toList());
    var cache = docker.inspectVolumeCmd(cacheVolume).exec();
    assertEquals(task, cache.getLabels().get(ContainerLabels.TASK_ID), "findable by task");
    assertEquals("detector", docker.inspectVolumeCmd(shared).exec().getLabels().get("owner"),
        "shared volume autoprovisioned with its labels");

    runtime.start(appId);
    assertTrue(docker.inspectContainerCmd(appId).exec().getState().getRunning());

    String readerId = runtime.create(desired(task, td, "reader"));
    assertEquals(List.of("backroom-" + task + "-app:ro"), List.of(docker
        .inspectContainerCmd(readerId).exec().getHostConfig().getVolumesFrom()).stream()
        .map(Object::toString).toList());
  }

  @Test
  void stopTakesTheContainersStopTimeout_withoutBlockingTheCaller() {
    String task = prefix + "-t2";
    TaskDefinition td = inferenceTask(0);
    String id = runtime.create(desired(task, td, "stubborn"));
    runtime.start(id);
    long t0 = System.nanoTime();
    runtime.stop(id); // busybox sleep as PID 1 ignores SIGTERM: only SIGKILL ends it
    long returnedMs = (System.nanoTime() - t0) / 1_000_000;
    assertTrue(returnedMs < 1500, "stop returned after " + returnedMs + " ms");
    assertEquals("stopping", observed(id).state(), "shown as stopping, not running");
    await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(() -> !docker
        .inspectContainerCmd(id).exec().getState().getRunning());
    long stoppedMs = (System.nanoTime() - t0) / 1_000_000;
    assertTrue(stoppedMs >= 2_800 && stoppedMs < 10_000,
        "stopTimeout 3 s, agent default 30 s: stopped after " + stoppedMs + " ms");
    await().atMost(WAIT).until(() -> "exited".equals(observed(id).state()));
  }

  @Test
  void removal_thenTheTaskVolumeGoes_andTheSharedOneStays() {
    String task = prefix + "-t3";
    TaskDefinition td = inferenceTask(0);
    String appId = runtime.create(desired(task, td, "app"));
    runtime.start(appId);
    String cacheVolume = "backroom-" + task + "-cache";
    runtime.releaseTasks(Set.of(task));
    assertNotNull(docker.inspectVolumeCmd(cacheVolume).exec(), "assigned: kept");
    runtime.releaseTasks(Set.of());
    assertNotNull(docker.inspectVolumeCmd(cacheVolume).exec(), "its container is still there");

    long t0 = System.nanoTime();
    runtime.remove(appId);
    assertTrue((System.nanoTime() - t0) / 1_000_000 < 1500, "remove does not wait for the stop");
    await().atMost(WAIT).until(() -> runtime.list().stream().noneMatch(o -> o.id().equals(appId)));
    await().atMost(WAIT).until(() -> {
      runtime.releaseTasks(Set.of());
      return docker.listVolumesCmd().withFilter("name", List.of(cacheVolume)).exec()
          .getVolumes().stream().noneMatch(v -> v.getName().equals(cacheVolume));
    });
    assertEquals(shared, docker.inspectVolumeCmd(shared).exec().getName(), "shared: never removed");
  }

  @Test
  void hostMode_exposesButDoesNotPublish() {
    TaskDefinition td = Json.read("""
        {"family":"collector","networkMode":"host","containerDefinitions":[{"name":"main",
         "image":"%s","command":["sleep","3600"],"memory":16,
         "portMappings":[{"containerPort":9100,"hostPort":9100}]}]}
        """.formatted(DockerSupport.IMAGE), TaskDefinition.class);
    String id = runtime.create(desired(prefix + "-t4", td, "main"));
    InspectContainerResponse c = docker.inspectContainerCmd(id).exec();
    assertEquals("host", c.getHostConfig().getNetworkMode());
    Ports bindings = c.getHostConfig().getPortBindings();
    assertTrue(bindings == null || bindings.getBindings().isEmpty(), "nothing published");
    assertTrue(List.of(c.getConfig().getExposedPorts()).contains(ExposedPort.tcp(9100)));
  }

  @Test
  void whatTheDeviceLacks_failsTheCreateNamingIt() {
    String missing = dir.resolve("missing.env").toString();
    TaskDefinition noFile = Json.read("""
        {"family":"f","networkMode":"none","containerDefinitions":[{"name":"main","image":"%s",
         "memory":16,"environmentFiles":[{"value":"%s","type":"file"}]}]}
        """.formatted(DockerSupport.IMAGE, missing), TaskDefinition.class);
    ContainerRuntimeException e = assertThrows(ContainerRuntimeException.class,
        () -> runtime.create(desired(prefix + "-t5", noFile, "main")));
    assertTrue(e.getMessage().contains("environment file " + missing + " cannot be read"),
        e.getMessage());

    TaskDefinition environ = Json.read("""
        {"family":"f","networkMode":"none","containerDefinitions":[{"name":"main","image":"%s",
         "memory":16,"environmentFiles":[{"value":"/proc/self/environ","type":"file"}]}]}
        """.formatted(DockerSupport.IMAGE), TaskDefinition.class);
    e = assertThrows(ContainerRuntimeException.class,
        () -> runtime.create(desired(prefix + "-t5", environ, "main")));
    assertEquals("environment file /proc/self/environ refused: it is outside the environment"
        + " file directory " + dir + " (--env-file-dir); the agent reads environment files only"
        + " from there", e.getMessage());

    TaskDefinition noVolume = Json.read("""
        {"family":"f","networkMode":"none","volumes":[{"name":"%1$s-absent",
          "dockerVolumeConfiguration":{"scope":"shared","autoprovision":false}}],
         "containerDefinitions":[{"name":"main","image":"%2$s","memory":16,
          "mountPoints":[{"sourceVolume":"%1$s-absent","containerPath":"/data"}]}]}
        """.formatted(prefix, DockerSupport.IMAGE), TaskDefinition.class);
    e = assertThrows(ContainerRuntimeException.class,
        () -> runtime.create(desired(prefix + "-t5", noVolume, "main")));
    assertTrue(e.getMessage().contains("shared volume " + prefix + "-absent does not exist"),
        e.getMessage());
    assertFalse(runtime.list().stream().anyMatch(o -> o.key().taskId().equals(prefix + "-t5")),
        "nothing was created");
  }

  @Test
  void aSharedVolumeNamingAnotherTasksPrivateVolume_isRefused() {
    String victim = prefix + "-t6";
    TaskDefinition own = Json.read("""
        {"family":"f","networkMode":"none","volumes":[{"name":"data"}],
         "containerDefinitions":[{"name":"main","image":"%s","memory":16,
          "mountPoints":[{"sourceVolume":"data","containerPath":"/data"}]}]}
        """.formatted(DockerSupport.IMAGE), TaskDefinition.class);
    runtime.create(desired(victim, own, "main"));
    String privateVolume = "backroom-" + victim + "-data";
    assertEquals(victim, docker.inspectVolumeCmd(privateVolume).exec().getLabels()
        .get(ContainerLabels.TASK_ID), "labelled as the task's own");

    TaskDefinition thief = Json.read("""
        {"family":"f","networkMode":"none","volumes":[{"name":"%1$s",
          "dockerVolumeConfiguration":{"scope":"shared","autoprovision":true}}],
         "containerDefinitions":[{"name":"main","image":"%2$s","memory":16,
          "mountPoints":[{"sourceVolume":"%1$s","containerPath":"/loot"}]}]}
        """.formatted(privateVolume, DockerSupport.IMAGE), TaskDefinition.class);
    ContainerRuntimeException e = assertThrows(ContainerRuntimeException.class,
        () -> runtime.create(desired(prefix + "-t7", thief, "main")));
    assertEquals("shared volume " + privateVolume + " is the task-scoped volume of Backroom task "
        + victim + " on device " + deviceId + ": a shared volume cannot be another task's"
        + " private volume", e.getMessage());
    assertFalse(runtime.list().stream().anyMatch(o -> o.key().taskId().equals(prefix + "-t7")),
        "nothing was created");
  }

  private ObservedContainer observed(String id) {
    return runtime.list().stream().filter(o -> o.id().equals(id)).findFirst().orElseThrow();
  }
}
