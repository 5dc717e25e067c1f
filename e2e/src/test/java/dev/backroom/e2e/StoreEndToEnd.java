package dev.backroom.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.model.Container;
import dev.backroom.harness.AgentProcess;
import dev.backroom.harness.DeviceRegistration;
import dev.backroom.harness.DockerEngine;
import dev.backroom.harness.HubProcess;
import dev.backroom.harness.ManagedProcess;
import dev.backroom.harness.Repo;
import dev.backroom.mqtt.Topics;
import dev.backroom.mqtt.transport.MqttOptions;
import dev.backroom.mqtt.transport.PahoMqttTransport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * One store, for real: a hub process, two agent processes on the real Docker engine (one posing
 * as a Jetson, arm64 with a GPU; one as a NUC), and a broker that subclasses choose. Steps run in
 * order and build on each other, like an operator's session. What runs is always checked through
 * the Docker API, independently of what Backroom reports.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class StoreEndToEnd {
  static final Duration CONVERGE = Duration.ofSeconds(30);

  final String run = UUID.randomUUID().toString().substring(0, 6);
  final String jetson = "jetson-" + run;
  final String nuc = "nuc-" + run;
  Path dir;
  DockerEngine docker;
  HubProcess hub;
  AgentProcess jetsonAgent;
  AgentProcess nucAgent;

  /** The external broker's URI, or null for the hub's own Mosquitto. */
  abstract String startBroker(Path dir);

  abstract void stopBroker();

  /** Hub settings the broker needs (a managed Mosquitto's credentials); none by default. */
  Map<String, String> hubSettings() {
    return Map.of();
  }

  @BeforeAll
  void startStore() throws Exception {
    docker = DockerEngine.connect().requireImage(DockerEngine.TEST_IMAGE);
    dir = Files.createDirectories(Repo.root().resolve("e2e/target/runs/" + getClass().getSimpleName() + "-" + run));
    String external = startBroker(dir);
    hub = HubProcess.start(dir.resolve("hub"), external, Map.of(), hubSettings());
    jetsonAgent = AgentProcess.start(AgentProcess.Device.jetson(jetson), hub, dir.resolve(jetson));
    nucAgent = AgentProcess.start(AgentProcess.Device.nuc(nuc), hub, dir.resolve(nuc));
  }

  @AfterAll
  void stopStore() {
    for (ManagedProcess p : new ManagedProcess[] {nucAgent, jetsonAgent, hub}) {
      if (p != null) {
        p.stop();
      }
    }
    stopBroker();
    if (docker != null) {
      docker.removeDeviceContainers(jetson);
      docker.removeDeviceContainers(nuc);
      docker.close();
    }
  }

  @Test
  @Order(1)
  void bothDevicesAnnounceTheirCapabilities() {
    // Auth is on in the packaged hub: no credentials, no API; health stays open for probes.
    assertEquals(401, hub.anonymousApi().get("/api/v1/devices").status());
    assertEquals(200, hub.anonymousApi().status("/q/health/ready"));
    await().atMost(CONVERGE).untilAsserted(() -> {
      JsonNode devices = hub.api().get("/api/v1/devices").expect(200).json();
      assertEquals(2, devices.size(), devices.toString());
      for (JsonNode d : devices) {
        assertEquals("ACTIVE", d.get("status").asText(), d.toString());
      }
    });
    JsonNode j = device(jetson);
    assertEquals("arm64", j.at("/attributes/ecs.cpu-architecture").asText());
    assertEquals(1, j.at("/registeredResources/gpus").asInt());
    assertEquals("x86_64", device(nuc).at("/attributes/ecs.cpu-architecture").asText());
  }

  @Test
  @Order(2)
  void arm64Service_runsBothTasksOnTheJetson() {
    hub.api().post("/api/v1/task-definitions", taskDefinition("inference", "tick")).expect(201);
    hub.api().post("/api/v1/services", """
        {"serviceName":"inference","taskDefinition":"inference","desiredCount":2,
         "placementConstraints":[{"type":"memberOf","expression":"attribute:ecs.cpu-architecture == arm64"}]}
        """).expect(201);
    await().atMost(CONVERGE).untilAsserted(() -> {
      assertEquals(2, docker.running(labels(jetson, "inference")).size());
      assertEquals(2, hub.api().get("/api/v1/services/inference").expect(200).json()
          .get("runningCount").asInt());
    });
    assertEquals(0, docker.containers(labels(nuc, "inference")).size(), "nothing on the NUC");
    for (JsonNode t : hub.api().get("/api/v1/tasks?serviceName=inference").json()) {
      assertEquals(jetson, t.get("deviceId").asText());
    }
  }

  @Test
  @Order(3)
  void killedContainer_isRestartedByTheAgent_andTheHubSeesIt() {
    Container victim = docker.running(labels(jetson, "inference")).get(0);
    String taskId = victim.getLabels().get("backroom.task-id");
    docker.client().killContainerCmd(victim.getId()).exec();
    await().atMost(CONVERGE).untilAsserted(() -> {
      List<Container> running = docker.running(labels(jetson, "inference"));
      assertEquals(2, running.size());
      JsonNode task = task(taskId);
      assertEquals("RUNNING", task.get("lastStatus").asText(), task.toString());
      assertTrue(task.at("/containers/0/restarts").asInt() >= 1, task.toString());
    });
  }

  @Test
  @Order(4)
  void changingTheCommand_rollsTheContainersToTheNewSpec() {
    Set<String> before = ids(docker.running(labels(jetson, "inference")));
    JsonNode td = hub.api().post("/api/v1/task-definitions", taskDefinition("inference", "tock"))
        .expect(201).json();
    assertEquals(2, td.get("revision").asInt());
    hub.api().put("/api/v1/services/inference", """
        {"serviceName":"inference","taskDefinition":"inference:2","desiredCount":2,
         "placementConstraints":[{"type":"memberOf","expression":"attribute:ecs.cpu-architecture == arm64"}]}
        """).expect(200);
    await().atMost(CONVERGE).untilAsserted(() -> {
      List<Container> running = docker.running(labels(jetson, "inference"));
      assertEquals(2, running.size());
      for (Container c : running) {
        assertTrue(c.getCommand().contains("tock"), c.getCommand());
        assertTrue(!before.contains(c.getId()), "container " + c.getId() + " was not replaced");
      }
      assertEquals(2, docker.containers(labels(jetson, "inference")).size(), "old containers removed");
    });
  }

  @Test
  @Order(5)
  void gpuService_landsOnTheDeviceWithAGpu() {
    hub.api().post("/api/v1/task-definitions", """
        {"family":"detector","networkMode":"none","containerDefinitions":[{"name":"main",
         "image":"backroom/busybox:1","memory":16,"command":["sleep","3600"],
         "resourceRequirements":[{"type":"GPU","value":"1"}]}]}
        """).expect(201);
    hub.api().post("/api/v1/services",
        "{\"serviceName\":\"detector\",\"taskDefinition\":\"detector\",\"desiredCount\":1}").expect(201);
    await().atMost(CONVERGE).untilAsserted(() ->
        assertEquals(1, docker.running(labels(jetson, "detector")).size()));
    assertEquals(0, docker.containers(labels(nuc, "detector")).size());
    hub.api().delete("/api/v1/services/detector").expect(204);
  }

  @Test
  @Order(6)
  void deletingTheService_removesItsContainers() {
    hub.api().delete("/api/v1/services/inference").expect(204);
    await().atMost(CONVERGE).untilAsserted(() -> {
      assertEquals(0, docker.containers(labels(jetson, "inference")).size());
      assertEquals(0, docker.containers(labels(jetson, "detector")).size());
    });
    assertEquals(404, hub.api().get("/api/v1/services/inference").status());
  }

  @Test
  @Order(7)
  void invalidTaskDefinition_gets400ListingEveryViolation() {
    JsonNode error = hub.api().post("/api/v1/task-definitions", """
        {"family":"bad","networkMode":"awsvpc","containerDefinitions":[
          {"name":"a","memory":4},{"name":"a","image":"x","memory":32}]}
        """).expect(400).json();
    Set<String> paths = new HashSet<>();
    error.get("violations").forEach(v -> paths.add(v.get("path").asText()));
    assertTrue(paths.containsAll(Set.of("networkMode", "containerDefinitions[0].image",
        "containerDefinitions[0].memory", "containerDefinitions[1].name")), paths.toString());
  }

  @Test
  @Order(8)
  void malformedStatusMessage_isDroppedAndCounted_andTheHubKeepsWorking() throws Exception {
    double before = droppedStatusMessages();
    // An enrolled device sending junk on its own topic: with authentication on, that is the only
    // sender that can reach a device's status topic at all.
    String rogueId = "rogue-" + run;
    DeviceRegistration.Credential cred = DeviceRegistration.register(hub.api(), rogueId);
    try (PahoMqttTransport rogue = new PahoMqttTransport(new MqttOptions(hub.brokerUri(),
        "agent-" + rogueId, cred.username(), cred.password().toCharArray(), 10, null, null,
        hub.mqttTls()))) {
      rogue.start();
      await().atMost(CONVERGE).until(rogue::isConnected);
      for (String junk : List.of("not json", "{\"v\":1}", "[1,2,3]",
          "{\"v\":1,\"type\":\"status\",\"deviceId\":\"" + rogueId + "\",\"ts\":1,\"body\":{\"tasks\":7}}")) {
        assertTrue(rogue.publish(Topics.status(rogueId), junk.getBytes(StandardCharsets.UTF_8), 1, false));
      }
    }
    await().atMost(CONVERGE).untilAsserted(() ->
        assertEquals(before + 4, droppedStatusMessages(), 0.001));
    assertTrue(hub.isAlive());
    assertEquals(200, hub.api().status("/q/health/ready"));
    hub.api().post("/api/v1/services",
        "{\"serviceName\":\"after-junk\",\"taskDefinition\":\"inference\",\"desiredCount\":1}").expect(201);
    await().atMost(CONVERGE).untilAsserted(() ->
        assertEquals(1, docker.running(labels(null, "after-junk")).size()));
    hub.api().delete("/api/v1/services/after-junk").expect(204);
    assertNotEquals(0, before + 4);
  }

  double droppedStatusMessages() {
    String metrics = hub.api().get("/q/metrics").expect(200).body();
    Matcher m = Pattern.compile("(?m)^backroom_mqtt_dropped_total\\{[^}]*kind=\"status\"[^}]*} ([0-9.eE+]+)$")
        .matcher(metrics);
    double sum = 0;
    while (m.find()) {
      sum += Double.parseDouble(m.group(1));
    }
    return sum;
  }

  static String taskDefinition(String family, String word) {
    return """
        {"family":"%s","networkMode":"none","containerDefinitions":[{"name":"main",
         "image":"backroom/busybox:1","memory":16,
         "command":["sh","-c","while true; do echo %s; sleep 2; done"]}]}
        """.formatted(family, word);
  }

  Map<String, String> labels(String deviceId, String service) {
    return deviceId == null ? Map.of("backroom.service", service)
        : Map.of("backroom.device-id", deviceId, "backroom.service", service);
  }

  JsonNode device(String id) {
    for (JsonNode d : hub.api().get("/api/v1/devices").json()) {
      if (d.get("deviceId").asText().equals(id)) {
        return d;
      }
    }
    throw new AssertionError("no device " + id);
  }

  JsonNode task(String taskId) {
    for (JsonNode t : hub.api().get("/api/v1/tasks").json()) {
      if (t.get("taskId").asText().equals(taskId)) {
        return t;
      }
    }
    throw new AssertionError("no task " + taskId);
  }

  static Set<String> ids(List<Container> containers) {
    Set<String> ids = new HashSet<>();
    containers.forEach(c -> ids.add(c.getId()));
    return ids;
  }
}
