package dev.backroom.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Ports;
import dev.backroom.harness.AgentProcess;
import dev.backroom.harness.DockerEngine;
import dev.backroom.harness.HubApi;
import dev.backroom.harness.HubProcess;
import dev.backroom.harness.ManagedProcess;
import dev.backroom.harness.Repo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Real ECS task definitions through the REST API, run by a real hub and agents on the real Docker
 * engine, every honoured field checked with {@code docker inspect}, independently of what
 * Backroom reports. Bridge-mode containers sit on a user-defined {@code --internal} network (the
 * test engine has no default bridge) and are only inspected, never sent traffic.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EcsTaskDefinitionsIT {
  static final Duration CONVERGE = Duration.ofSeconds(40);
  static final String IMAGE = DockerEngine.TEST_IMAGE;

  final String run = UUID.randomUUID().toString().substring(0, 6);
  final String nuc = "nuc-" + run;
  final String jetson = "jetson-" + run;
  final String network = "br-" + run;
  Path dir;
  DockerEngine docker;
  HubProcess hub;
  AgentProcess nucAgent;
  AgentProcess jetsonAgent;

  @BeforeAll
  void startStore() throws Exception {
    docker = DockerEngine.connect().requireImage(IMAGE);
    docker.client().createNetworkCmd().withName(network).withInternal(true).exec();
    dir = Files.createDirectories(Repo.root().resolve("e2e/target/runs/ecs-" + run));
    hub = HubProcess.start(dir.resolve("hub"), null, Map.of());
    List<String> flags = List.of("--bridge-network", network); // AgentProcess sets --stop-timeout 2
    nucAgent = AgentProcess.start(AgentProcess.Device.nuc(nuc), hub, dir.resolve(nuc), flags);
    jetsonAgent = AgentProcess.start(AgentProcess.Device.jetson(jetson), hub,
        dir.resolve(jetson), flags);
    await().atMost(CONVERGE).until(() -> hub.api().get("/api/v1/devices").json().size() == 2);
  }

  @AfterAll
  void stopStore() {
    for (ManagedProcess p : new ManagedProcess[] {nucAgent, jetsonAgent, hub}) {
      if (p != null) {
        p.stop();
      }
    }
    if (docker != null) {
      docker.removeDeviceContainers(nuc);
      docker.removeDeviceContainers(jetson);
      docker.client().listVolumesCmd().exec().getVolumes().stream()
          .filter(v -> v.getName().contains(run))
          .forEach(v -> docker.client().removeVolumeCmd(v.getName()).exec());
      docker.client().removeNetworkCmd(network).exec();
      docker.close();
    }
  }

  private JsonNode register(String json) {
    return hub.api().post("/api/v1/task-definitions", json).expect(201).json();
  }

  private void service(String name, String family, int count) {
    hub.api().post("/api/v1/services", "{\"serviceName\":\"" + name + "\",\"taskDefinition\":\""
        + family + "\",\"desiredCount\":" + count + "}").expect(201);
  }

  private List<Container> running(String service) {
    return docker.running(Map.of("backroom.service", service));
  }

  private InspectContainerResponse inspect(String service, String container) {
    Container c = docker.containers(Map.of("backroom.service", service,
        "backroom.container", container)).get(0);
    return docker.client().inspectContainerCmd(c.getId()).exec();
  }

  @Test
  void bridgeTask_everyHonouredFieldReachesDocker() {
    JsonNode td = register("""
        {"family":"kiosk-%1$s",
         "runtimePlatform":{"cpuArchitecture":"X86_64"},
         "volumes":[{"name":"cache","dockerVolumeConfiguration":{"scope":"task",
                     "labels":{"com.example.kind":"cache"}}},
                    {"name":"models-%1$s","dockerVolumeConfiguration":{"scope":"shared",
                     "autoprovision":true,"driver":"local"}}],
         "containerDefinitions":[
          {"name":"web","image":"%2$s","memory":32,"command":["sleep","3600"],
           "portMappings":[{"containerPort":8080,"hostPort":0},
                           {"containerPort":5353,"hostPort":15353,"protocol":"udp",
                            "hostIp":"127.0.0.1"}],
           "user":"1000:1000","workingDirectory":"/tmp",
           "ulimits":[{"name":"nofile","softLimit":1024,"hardLimit":2048}],
           "dockerLabels":{"com.example.team":"pos"},
           "linuxParameters":{"devices":[{"hostPath":"/dev/zero","containerPath":"/dev/zero2",
                                          "permissions":["read"]}],
                              "tmpfs":[{"containerPath":"/scratch","size":16,
                                        "mountOptions":["noexec"]}],
                              "initProcessEnabled":true,"sharedMemorySize":32,
                              "capabilities":{"drop":["NET_RAW"]}},
           "hostname":"kiosk","extraHosts":[{"hostname":"erp.store","ipAddress":"10.20.0.5"}],
           "readonlyRootFilesystem":true,
           "logConfiguration":{"logDriver":"json-file","options":{"max-size":"1m"}},
           "mountPoints":[{"sourceVolume":"cache","containerPath":"/cache"},
                          {"sourceVolume":"models-%1$s","containerPath":"/models"}]},
          {"name":"sidecar","image":"%2$s","memory":16,"command":["sleep","3600"],
           "essential":false,"stopTimeout":1,
           "dependsOn":[{"containerName":"web","condition":"START"}],
           "volumesFrom":[{"sourceContainer":"web","readOnly":true}]}]}
        """.formatted(run, IMAGE));
    assertEquals("bridge", td.get("networkMode").asText(), "unset mode is stored as bridge");
    String service = "kiosk-" + run;
    service(service, "kiosk-" + run, 1);
    await().atMost(CONVERGE).until(() -> running(service).size() == 2);

    InspectContainerResponse web = inspect(service, "web");
    assertEquals(nuc, web.getConfig().getLabels().get("backroom.device-id"),
        "X86_64 runtimePlatform places it on the NUC, and our labels are intact");
    assertEquals("pos", web.getConfig().getLabels().get("com.example.team"));
    HostConfig hc = web.getHostConfig();
    assertEquals(network, hc.getNetworkMode());
    assertEquals("1000:1000", web.getConfig().getUser());
    assertEquals("/tmp", web.getConfig().getWorkingDir());
    assertEquals("kiosk", web.getConfig().getHostName());
    assertEquals(1024L, hc.getUlimits()[0].getSoftLong());
    assertEquals(2048L, hc.getUlimits()[0].getHardLong());
    assertEquals("/dev/zero", hc.getDevices()[0].getPathOnHost());
    assertEquals("/dev/zero2", hc.getDevices()[0].getPathInContainer());
    assertEquals("r", hc.getDevices()[0].getcGroupPermissions());
    assertTrue(hc.getTmpFs().get("/scratch").contains("noexec"), hc.getTmpFs().toString());
    assertTrue(hc.getInit());
    assertEquals(32L * 1024 * 1024, hc.getShmSize());
    assertEquals("NET_RAW", hc.getCapDrop()[0].name());
    assertEquals("erp.store:10.20.0.5", hc.getExtraHosts()[0]);
    assertTrue(hc.getReadonlyRootfs());
    assertEquals("json-file", hc.getLogConfig().getType().getType());
    assertEquals("1m", hc.getLogConfig().getConfig().get("max-size"));

    // The request as Docker received it: a dynamic port (HostPort empty) and a static udp one
    // on 127.0.0.1. An --internal network publishes nothing, so Docker's choice of the dynamic
    // port cannot be seen on this engine; ContainerObserverTest reads it from a list response.
    Ports.Binding[] http = hc.getPortBindings().getBindings().get(ExposedPort.tcp(8080));
    assertTrue(http[0].getHostPortSpec() == null || http[0].getHostPortSpec().isEmpty(),
        "hostPort 0 leaves the choice to Docker: " + http[0]);
    Ports.Binding[] dns = hc.getPortBindings().getBindings().get(ExposedPort.udp(5353));
    assertEquals("127.0.0.1", dns[0].getHostIp());
    assertEquals("15353", dns[0].getHostPortSpec());

    assertTrue(web.getMounts().stream().anyMatch(m -> "/models".equals(m.getDestination().getPath())
        && ("models-" + run).equals(m.getName())), "shared volume mounted by its own name");
    String taskVolume = web.getMounts().stream()
        .filter(m -> "/cache".equals(m.getDestination().getPath())).findFirst().orElseThrow()
        .getName();
    assertEquals("cache", docker.client().inspectVolumeCmd(taskVolume).exec().getLabels()
        .get("com.example.kind"));

    InspectContainerResponse sidecar = inspect(service, "sidecar");
    assertTrue(Instant.parse(sidecar.getState().getStartedAt())
        .isAfter(Instant.parse(web.getState().getStartedAt())), "dependsOn START: web first");
    assertTrue(sidecar.getHostConfig().getVolumesFrom()[0].toString().contains(web.getName()
        .replaceFirst("^/", "")), "volumesFrom names web's container");

    hub.api().delete("/api/v1/services/" + service).expect(204);
    await().atMost(CONVERGE).until(() -> docker.containers(
        Map.of("backroom.service", service)).isEmpty());
    await().atMost(CONVERGE).until(() -> docker.client().listVolumesCmd().exec().getVolumes()
        .stream().noneMatch(v -> v.getName().equals(taskVolume)));
    assertFalse(docker.client().listVolumesCmd().exec().getVolumes().stream()
        .noneMatch(v -> v.getName().equals("models-" + run)), "the shared volume stays");
  }

  @Test
  void hostModePort_servesOnTheDevice_andIsReportedAsANetworkBinding() throws Exception {
    register("""
        {"family":"web-%1$s","networkMode":"host","runtimePlatform":{"cpuArchitecture":"X86_64"},
         "containerDefinitions":[{"name":"httpd","image":"%2$s","memory":16,"stopTimeout":1,
           "command":["httpd","-f","-p","127.0.0.1:18081","-h","/"],
           "portMappings":[{"containerPort":18081}]}]}
        """.formatted(run, IMAGE));
    String service = "web-" + run;
    service(service, "web-" + run, 1);
    await().atMost(CONVERGE).until(() -> running(service).size() == 1);
    await().atMost(CONVERGE).untilAsserted(() -> {
      try (java.net.Socket s = new java.net.Socket("127.0.0.1", 18081)) {
        s.getOutputStream().write("GET / HTTP/1.0\r\n\r\n".getBytes());
        String line = new String(s.getInputStream().readNBytes(12));
        assertTrue(line.startsWith("HTTP/1."), line);
      }
    });
    await().atMost(CONVERGE).untilAsserted(() -> {
      // path(), not get(): until the agent's first report the task has no containers yet, and
      // a NullPointerException would end the wait instead of retrying it
      JsonNode c = hub.api().get("/api/v1/tasks?serviceName=" + service).json().path(0)
          .path("containers").path(0);
      JsonNode b = c.path("networkBindings").path(0);
      assertFalse(b.isMissingNode(), "no network binding reported yet: " + c);
      assertEquals(18081, b.get("containerPort").asInt(), c.toString());
      assertEquals(18081, b.get("hostPort").asInt(), c.toString());
      assertEquals("tcp", b.get("protocol").asText(), c.toString());
    });
    hub.api().delete("/api/v1/services/" + service).expect(204);
  }

  @Test
  void hostPort_isADeviceResource_theSecondTaskIsUnplacedWithTheReason() {
    register("""
        {"family":"porty-%1$s","runtimePlatform":{"cpuArchitecture":"X86_64"},
         "containerDefinitions":[{"name":"app","image":"%2$s","memory":16,"stopTimeout":1,
           "command":["sleep","3600"],"portMappings":[{"containerPort":80,"hostPort":18080}]}]}
        """.formatted(run, IMAGE));
    String service = "porty-" + run;
    service(service, "porty-" + run, 2);
    await().atMost(CONVERGE).untilAsserted(() -> {
      JsonNode s = hub.api().get("/api/v1/services/" + service).expect(200).json();
      assertEquals(1, s.get("runningCount").asInt(), s.toString());
      assertTrue(s.toString().contains("18080/tcp"), "unplaced reason names the port: " + s);
    });
    assertEquals(1, running(service).size());
    hub.api().delete("/api/v1/services/" + service).expect(204);
  }

  @Test
  void arm64Task_landsOnlyOnTheJetson() {
    register("""
        {"family":"vision-%1$s","networkMode":"none",
         "runtimePlatform":{"cpuArchitecture":"ARM64","operatingSystemFamily":"LINUX"},
         "containerDefinitions":[{"name":"detector","image":"%2$s","memory":16,
           "stopTimeout":1,"command":["sleep","3600"]}]}
        """.formatted(run, IMAGE));
    String service = "vision-" + run;
    service(service, "vision-" + run, 2);
    await().atMost(CONVERGE).until(() -> running(service).size() == 2);
    for (Container c : running(service)) {
      assertEquals(jetson, c.getLabels().get("backroom.device-id"));
    }
    hub.api().delete("/api/v1/services/" + service).expect(204);
  }

  @Test
  void stopTimeout_isTheGraceBetweenSigtermAndSigkill() {
    // sleep as PID 1 ignores SIGTERM, so the stop lasts exactly the grace period.
    register("""
        {"family":"grace-%1$s","networkMode":"host","containerDefinitions":[{"name":"app",
          "image":"%2$s","memory":16,"command":["sleep","3600"],"stopTimeout":6}]}
        """.formatted(run, IMAGE));
    String service = "grace-" + run;
    service(service, "grace-" + run, 1);
    await().atMost(CONVERGE).until(() -> running(service).size() == 1);
    long t0 = System.nanoTime();
    hub.api().delete("/api/v1/services/" + service).expect(204);
    await().atMost(CONVERGE).pollInterval(Duration.ofMillis(100))
        .until(() -> docker.containers(Map.of("backroom.service", service)).isEmpty());
    double seconds = (System.nanoTime() - t0) / 1e9;
    assertTrue(seconds >= 6 && seconds < 20, "stop took " + seconds + " s, stopTimeout is 6 s"
        + " (the agent's default here is 2 s)");
  }

  @Test
  void dependsOn_startsInOrder_andStopsInReverse() throws InterruptedException {
    register("""
        {"family":"stack-%1$s","networkMode":"host","containerDefinitions":[
          {"name":"db","image":"%2$s","memory":16,"stopTimeout":1,
           "command":["sh","-c","touch /tmp/ready; exec sleep 3600"],
           "healthCheck":{"command":["CMD-SHELL","test -f /tmp/ready"],"interval":5,
                          "timeout":2,"retries":1}},
          {"name":"migrate","image":"%2$s","memory":16,"essential":false,
           "command":["sh","-c","sleep 1"],
           "restartPolicy":{"enabled":false},
           "dependsOn":[{"containerName":"db","condition":"HEALTHY"}]},
          {"name":"app","image":"%2$s","memory":16,"stopTimeout":1,
           "command":["sleep","3600"],
           "dependsOn":[{"containerName":"migrate","condition":"SUCCESS"}]}]}
        """.formatted(run, IMAGE));
    String service = "stack-" + run;
    service(service, "stack-" + run, 1);
    await().atMost(CONVERGE).until(() -> running(service).size() == 2
        && running(service).stream().anyMatch(c -> "app".equals(
            c.getLabels().get("backroom.container"))));
    InspectContainerResponse db = inspect(service, "db");
    InspectContainerResponse migrate = inspect(service, "migrate");
    InspectContainerResponse app = inspect(service, "app");
    Instant dbStarted = Instant.parse(db.getState().getStartedAt());
    Instant migrateStarted = Instant.parse(migrate.getState().getStartedAt());
    Instant migrateFinished = Instant.parse(migrate.getState().getFinishedAt());
    Instant appStarted = Instant.parse(app.getState().getStartedAt());
    assertTrue(migrateStarted.isAfter(dbStarted.plusSeconds(4)),
        "migrate waited for db's first passing health check (interval 5 s)");
    assertEquals(0L, migrate.getState().getExitCodeLong());
    assertTrue(appStarted.isAfter(migrateFinished), "app waited for migrate's SUCCESS");

    String dbId = db.getId();
    String appId = app.getId();
    hub.api().delete("/api/v1/services/" + service).expect(204);
    await().atMost(CONVERGE).until(() -> docker.containers(
        Map.of("backroom.service", service)).isEmpty());
    Map<String, Long> died = dieTimes(List.of(dbId, appId));
    assertTrue(died.get(appId) < died.get(dbId), "app (which depends on db) stopped first: "
        + died);
  }

  /** The engine's own "die" event time of each container, in nanoseconds. */
  private Map<String, Long> dieTimes(List<String> ids) throws InterruptedException {
    Map<String, Long> out = new java.util.concurrent.ConcurrentHashMap<>();
    long now = Instant.now().getEpochSecond() + 1;
    docker.client().eventsCmd().withEventFilter("die").withContainerFilter(ids.toArray(String[]::new))
        .withSince(Long.toString(now - 600)).withUntil(Long.toString(now))
        .exec(new com.github.dockerjava.api.async.ResultCallback.Adapter<
            com.github.dockerjava.api.model.Event>() {
          @Override
          public void onNext(com.github.dockerjava.api.model.Event e) {
            out.putIfAbsent(e.getId(), e.getTimeNano());
          }
        }).awaitCompletion(30, java.util.concurrent.TimeUnit.SECONDS);
    assertEquals(ids.size(), out.size(), "a die event for each container: " + out);
    return out;
  }

  @Test
  void definitionDockerWouldRunDifferently_isRefusedWithItsPath() {
    HubApi.Reply r = hub.api().post("/api/v1/task-definitions", """
        {"family":"bad-%1$s","networkMode":"host","containerDefinitions":[{"name":"app",
          "image":"%2$s","memory":16,"portMappings":[{"containerPort":80,"hostPort":8080}]}]}
        """.formatted(run, IMAGE));
    assertEquals(400, r.status(), r.body());
    assertTrue(r.body().contains("containerDefinitions[0].portMappings[0].hostPort"), r.body());
    assertTrue(r.body().contains("hostPort must equal containerPort"), r.body());
  }
}
