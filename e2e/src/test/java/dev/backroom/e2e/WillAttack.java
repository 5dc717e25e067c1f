package dev.backroom.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.model.Container;
import dev.backroom.harness.AgentProcess;
import dev.backroom.harness.DeviceRegistration;
import dev.backroom.harness.DockerEngine;
import dev.backroom.harness.HubProcess;
import dev.backroom.harness.ManagedProcess;
import dev.backroom.harness.Repo;
import dev.backroom.harness.TcpProxy;
import dev.backroom.mqtt.Topics;
import dev.backroom.mqtt.transport.MqttOptions;
import dev.backroom.mqtt.transport.PahoMqttTransport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The Last Will attack of issue 13, end to end on the hub's default setup (its own Mosquitto on
 * TLS, authentication on) with a real victim agent on the real Docker engine. An enrolled device
 * A connects with a Will on device C's assignment topic carrying a forged assignment (generation
 * 999999, a host-path volume, a command writing into it) and drops its TCP connection without a
 * DISCONNECT: the hub records an event naming the refused client. A workload holding A's
 * workload credential tries the same on C's commands: the broker holds no workload accounts
 * (workloads speak to the hub's telemetry listener only), so its CONNECT is refused with
 * CONNACK 5. Either way C starts no container for the forged task, nothing is written on the
 * host, and the hub's own assignments still apply on C afterwards.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class WillAttack {
  static final Duration CONVERGE = Duration.ofSeconds(40);

  final String run = UUID.randomUUID().toString().substring(0, 6);
  final String victim = "victim-" + run;
  final String attacker = "attacker-" + run;
  Path dir;
  Path hostDir;
  DockerEngine docker;
  HubProcess hub;
  AgentProcess victimAgent;
  DeviceRegistration.Credential attackerCred;

  /** The external broker's URI, or null for the hub's own Mosquitto. */
  abstract String startBroker(Path dir);

  abstract void stopBroker();

  /** Hub settings the broker needs; none by default. */
  Map<String, String> hubSettings() {
    return Map.of();
  }

  /**
   * Whether the hub reads the broker's log and so can name a refused Will's client in an event:
   * its own Mosquitto, yes; an operator-run one, no (the hub sees only what is delivered, and
   * Mosquitto drops a forbidden Will silently; the conformance suite proves that drop on both).
   */
  abstract boolean hubReadsTheBrokersLog();

  @BeforeAll
  void startStore() throws Exception {
    docker = DockerEngine.connect().requireImage(DockerEngine.TEST_IMAGE);
    dir = Files.createDirectories(Repo.root().resolve("e2e/target/runs/"
        + getClass().getSimpleName() + "-" + run));
    hostDir = Files.createDirectories(dir.resolve("host"));
    hub = HubProcess.start(dir.resolve("hub"), startBroker(dir), Map.of(), hubSettings());
    victimAgent = AgentProcess.start(new AgentProcess.Device(victim, "x86_64", 0,
        List.of("role=victim")), hub, dir.resolve(victim));
    attackerCred = DeviceRegistration.register(hub.api(), attacker);
    hub.api().post("/api/v1/task-definitions", StoreEndToEnd.taskDefinition("shelf", "tick"))
        .expect(201);
    hub.api().post("/api/v1/services", """
        {"serviceName":"shelf","taskDefinition":"shelf","desiredCount":1,
         "placementConstraints":[{"type":"memberOf","expression":"attribute:role == victim"}]}
        """).expect(201);
    await().atMost(CONVERGE).untilAsserted(() ->
        assertEquals(1, docker.running(Map.of("backroom.device-id", victim,
            "backroom.service", "shelf")).size()));
  }

  @AfterAll
  void stopStore() {
    for (ManagedProcess p : new ManagedProcess[] {victimAgent, hub}) {
      if (p != null) {
        p.stop();
      }
    }
    stopBroker();
    if (docker != null) {
      docker.removeDeviceContainers(victim);
      docker.close();
    }
  }

  @Test
  @Order(1)
  void deviceCredential_willOnAnotherDevicesAssignment_isRefused_andRunsNothing() throws Exception {
    dropWithWill("agent-" + attacker, attackerCred.username(), attackerCred.password(),
        Topics.assignment(victim), forgedAssignment("evil-1"));
    if (hubReadsTheBrokersLog()) {
      JsonNode event = awaitWillRefusal("agent-" + attacker);
      assertEquals(attacker, event.get("deviceId").asText(), event.toString());
    }
    assertNothingForgedRan("evil-1");
    assertTheHubStillAssigns(2);
  }

  @Test
  @Order(2)
  void workloadCredential_willOnAnotherDevicesCommands_isRefused() throws Exception {
    MqttClient rogue = new MqttClient(hub.brokerUri(), "workload-" + run, new MemoryPersistence());
    MqttConnectOptions o = new MqttConnectOptions();
    o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
    o.setCleanSession(true);
    o.setAutomaticReconnect(false);
    o.setConnectionTimeout(10);
    o.setUserName(attackerCred.workloadUsername());
    o.setPassword(attackerCred.workloadPassword().toCharArray());
    o.setWill(Topics.commands(victim), forgedAssignment("evil-2"), 1, true);
    if (hub.brokerUri().startsWith("ssl://")) {
      o.setSocketFactory(hub.mqttTls());
    }
    try {
      MqttException refused = assertThrows(MqttException.class, () -> rogue.connect(o),
          "the broker accepted a workload credential");
      assertEquals(MqttException.REASON_CODE_NOT_AUTHORIZED, refused.getReasonCode(),
          "a workload credential must be refused with CONNACK 5: " + refused);
    } finally {
      rogue.close();
    }
    assertNothingForgedRan("evil-2");
    assertTheHubStillAssigns(1);
  }

  /**
   * Connects through a TCP proxy with the Will set, waits for the broker's CONNACK, then cuts the
   * proxy: the broker sees the connection end without a DISCONNECT, the moment it handles Wills.
   */
  void dropWithWill(String clientId, String user, String password, String willTopic, byte[] will)
      throws Exception {
    int brokerPort = Integer.parseInt(hub.brokerUri().substring(hub.brokerUri().lastIndexOf(':') + 1));
    try (TcpProxy proxy = TcpProxy.start(brokerPort)) {
      String via = hub.brokerUri().substring(0, hub.brokerUri().lastIndexOf(':') + 1) + proxy.port();
      PahoMqttTransport rogue = new PahoMqttTransport(new MqttOptions(via, clientId, user,
          password.toCharArray(), 30, willTopic, will,
          hub.brokerUri().startsWith("ssl://") ? hub.mqttTls() : null));
      rogue.start();
      await().atMost(CONVERGE).until(rogue::isConnected);
      proxy.cut(TcpProxy.Mode.RESET);
      await().atMost(CONVERGE).until(() -> !rogue.isConnected());
      rogue.close();
    }
  }

  JsonNode awaitWillRefusal(String clientId) {
    List<JsonNode> found = new ArrayList<>();
    await().atMost(CONVERGE).untilAsserted(() -> {
      found.clear();
      hub.api().get("/api/v1/events?kind=mqtt-will-refused").expect(200).json().forEach(e -> {
        if (e.toString().contains(clientId)) {
          found.add(e);
        }
      });
      assertFalse(found.isEmpty(), "no mqtt-will-refused event names " + clientId);
    });
    return found.get(0);
  }

  void assertNothingForgedRan(String taskId) {
    assertTrue(docker.client().listContainersCmd().withShowAll(true).exec().stream()
        .noneMatch(c -> taskId.equals(c.getLabels().get("backroom.task-id"))),
        "a container exists for the forged task " + taskId);
    assertFalse(Files.exists(hostDir.resolve("owned")), "the forged task wrote on the host");
  }

  /** Scales the victim's service and waits until exactly that many containers run on it. */
  void assertTheHubStillAssigns(int count) {
    hub.api().put("/api/v1/services/shelf", """
        {"serviceName":"shelf","taskDefinition":"shelf","desiredCount":%d,
         "placementConstraints":[{"type":"memberOf","expression":"attribute:role == victim"}]}
        """.formatted(count)).expect(200);
    await().atMost(CONVERGE).untilAsserted(() -> {
      List<Container> running = docker.running(Map.of("backroom.device-id", victim,
          "backroom.service", "shelf"));
      assertEquals(count, running.size());
      assertEquals(count, hub.api().get("/api/v1/services/shelf").expect(200).json()
          .get("runningCount").asInt());
    });
  }

  /** What the probe sent: generation 999999, the host's directory mounted, a command writing. */
  byte[] forgedAssignment(String taskId) {
    String td = """
        {"family":"%1$s","revision":1,"networkMode":"none",
         "containerDefinitions":[{"name":"main","image":"backroom/busybox:1","memory":16,
           "command":["sh","-c","echo owned > /host/owned; sleep 3600"],
           "mountPoints":[{"sourceVolume":"root","containerPath":"/host"}]}],
         "volumes":[{"name":"root","host":{"sourcePath":"%2$s"}}]}
        """.formatted(taskId, hostDir.toAbsolutePath());
    return ("{\"v\":1,\"type\":\"assignment\",\"deviceId\":\"" + victim + "\",\"ts\":"
        + System.currentTimeMillis() + ",\"body\":{\"deviceId\":\"" + victim
        + "\",\"generation\":999999,\"tasks\":[{\"taskId\":\"" + taskId
        + "\",\"serviceName\":\"evil\",\"specHash\":\"x\",\"taskDefinition\":" + td + "}]}}")
        .getBytes(StandardCharsets.UTF_8);
  }
}
