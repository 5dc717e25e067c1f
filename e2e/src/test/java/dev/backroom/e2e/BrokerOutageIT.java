package dev.backroom.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.model.Container;
import dev.backroom.harness.AgentProcess;
import dev.backroom.harness.DockerEngine;
import dev.backroom.harness.HubProcess;
import dev.backroom.harness.ManagedProcess;
import dev.backroom.harness.MosquittoProcess;
import dev.backroom.harness.Ports;
import dev.backroom.harness.Repo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The store's external Mosquitto goes away for longer than the heartbeat timeout and comes back
 * (a broker restart, an upgrade). Every device was fine throughout; the hub merely could not hear
 * them. Nothing may move: no device lost, every container the same one, started once.
 */
class BrokerOutageIT {
  static final Duration HEARTBEAT_TIMEOUT = Duration.ofSeconds(3);
  static final Duration GRACE = Duration.ofSeconds(15);
  static final Duration CONVERGE = Duration.ofSeconds(60);

  final String run = UUID.randomUUID().toString().substring(0, 6);
  final String a = "dev-a-" + run;
  final String b = "dev-b-" + run;
  DockerEngine docker;
  MosquittoProcess mosquitto;
  HubProcess hub;
  AgentProcess agentA;
  AgentProcess agentB;

  @AfterEach
  void stop() {
    for (ManagedProcess p : new ManagedProcess[] {agentA, agentB, hub, mosquitto}) {
      if (p != null) {
        p.stop();
      }
    }
    if (docker != null) {
      docker.removeDeviceContainers(a);
      docker.removeDeviceContainers(b);
      docker.close();
    }
  }

  @Test
  void brokerAwayLongerThanTheHeartbeatTimeout_movesNothing() throws Exception {
    docker = DockerEngine.connect().requireImage(DockerEngine.TEST_IMAGE);
    Path dir = Files.createDirectories(Repo.root().resolve("e2e/target/runs/broker-outage-" + run));
    mosquitto = MosquittoProcess.startSecured(dir.resolve("mosquitto"));
    hub = HubProcess.start(dir.resolve("hub"), mosquitto.uri(), Map.of(
        "backroom.devices.heartbeat-timeout", HEARTBEAT_TIMEOUT.toSeconds() + "s",
        "backroom.devices.startup-grace", GRACE.toSeconds() + "s"), mosquitto.hubSettings());
    agentA = AgentProcess.start(AgentProcess.Device.nuc(a), hub, dir.resolve(a));
    agentB = AgentProcess.start(AgentProcess.Device.nuc(b), hub, dir.resolve(b));
    await().atMost(CONVERGE).until(() -> hub.api().get("/api/v1/devices").json().size() == 2);
    hub.api().post("/api/v1/task-definitions", StoreEndToEnd.taskDefinition("web", "serving")).expect(201);
    hub.api().post("/api/v1/services",
        "{\"serviceName\":\"web\",\"taskDefinition\":\"web\",\"desiredCount\":2}").expect(201);
    await().atMost(CONVERGE).untilAsserted(() -> {
      assertEquals(1, docker.running(labels(a)).size(), "spread puts one task on each device");
      assertEquals(1, docker.running(labels(b)).size());
    });
    Map<String, String> before = startTimes();

    mosquitto.stop();
    Ports.sleep(HEARTBEAT_TIMEOUT.multipliedBy(3).toMillis());
    mosquitto.start();
    Ports.awaitOpen(mosquitto.port(), Duration.ofSeconds(10), mosquitto.process(), "mosquitto");
    // Past the grace counted from the hub's reconnection: had the hub taken the silence for
    // lost devices, the tasks would have moved by now.
    await().atMost(CONVERGE).until(() -> hub.api().get("/api/v1/services/web").status() == 200
        && hub.api().get("/api/v1/services/web").json().get("runningCount").asInt() == 2);
    Ports.sleep(GRACE.plusSeconds(3).toMillis());

    JsonNode lost = hub.api().get("/api/v1/events?kind=device-lost").expect(200).json();
    assertEquals(0, lost.size(), "no device was taken for lost: " + lost);
    assertEquals(before, startTimes(), "the same containers, never restarted");
    for (JsonNode d : hub.api().get("/api/v1/devices").json()) {
      assertEquals("ACTIVE", d.get("status").asText(), d.toString());
    }
  }

  Map<String, String> labels(String device) {
    return Map.of("backroom.device-id", device, "backroom.service", "web");
  }

  Map<String, String> startTimes() {
    Map<String, String> m = new TreeMap<>();
    for (Container c : docker.containers(Map.of("backroom.service", "web"))) {
      m.put(c.getLabels().get("backroom.device-id") + " " + c.getId(),
          docker.client().inspectContainerCmd(c.getId()).exec().getState().getStartedAt());
    }
    return m;
  }
}
