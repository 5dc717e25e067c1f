package dev.backroom.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.model.Container;
import dev.backroom.harness.AgentProcess;
import dev.backroom.harness.DockerEngine;
import dev.backroom.harness.HubApi;
import dev.backroom.harness.HubProcess;
import dev.backroom.harness.ManagedProcess;
import dev.backroom.harness.Ports;
import dev.backroom.harness.Repo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Store autonomy with real processes: a hub (its own Mosquitto, 3 s heartbeat timeout) and two
 * interchangeable devices A and B on the real Docker engine. Steps build on each other: lose a
 * device, run with the hub down, restart everything, hold, drain, and a failing rollout.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AutonomyIT {
  static final Duration HEARTBEAT_TIMEOUT = Duration.ofSeconds(3);
  /**
   * Long enough for agents to back off and reconnect to a restarted hub's broker: the hub's
   * default (15 s). 8 s was too tight once the broker is TLS: the agents' retry backoff (up to 5 s
   * plus 2.5 s jitter) left no room for a cold JVM's first handshake on a loaded machine (seen at
   * 9.4 s with a load of 15 on 2 cores).
   */
  static final Duration STARTUP_GRACE = Duration.ofSeconds(15);
  /** Also how long a restarted hub may take to be ready: 27 s was seen under the same load. */
  static final Duration CONVERGE = Duration.ofSeconds(60);

  final String run = UUID.randomUUID().toString().substring(0, 6);
  final String a = "dev-a-" + run;
  final String b = "dev-b-" + run;
  Path dir;
  DockerEngine docker;
  HubProcess hub;
  AgentProcess agentA;
  AgentProcess agentB;

  @BeforeAll
  void start() throws Exception {
    docker = DockerEngine.connect().requireImage(DockerEngine.TEST_IMAGE);
    dir = Files.createDirectories(Repo.root().resolve("e2e/target/runs/autonomy-" + run));
    hub = HubProcess.start(dir.resolve("hub"), null, Map.of(
        "backroom.devices.heartbeat-timeout", HEARTBEAT_TIMEOUT.toSeconds() + "s",
        "backroom.devices.startup-grace", STARTUP_GRACE.toSeconds() + "s",
        "backroom.deployments.health-grace", "2s"));
    agentA = AgentProcess.start(AgentProcess.Device.nuc(a), hub, dir.resolve(a));
    agentB = AgentProcess.start(AgentProcess.Device.nuc(b), hub, dir.resolve(b));
    await().atMost(CONVERGE).until(() -> hub.api().get("/api/v1/devices").json().size() == 2);
    hub.api().post("/api/v1/task-definitions", StoreEndToEnd.taskDefinition("web", "serving")).expect(201);
    hub.api().post("/api/v1/services",
        "{\"serviceName\":\"web\",\"taskDefinition\":\"web\",\"desiredCount\":2}").expect(201);
    await().atMost(CONVERGE).untilAsserted(() -> {
      assertEquals(1, running(a).size(), "spread puts one task on each device");
      assertEquals(1, running(b).size());
    });
  }

  @AfterAll
  void stop() {
    for (ManagedProcess p : new ManagedProcess[] {agentA, agentB, hub}) {
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
  @Order(1)
  void killedAgent_itsTasksRunElsewhereWithinTimeout_andItsReturnStopsTheSurplus() {
    long t0 = System.nanoTime();
    agentA.kill();
    await().atMost(HEARTBEAT_TIMEOUT.plusSeconds(2)).pollInterval(Duration.ofMillis(100))
        .untilAsserted(() -> assertEquals(2, running(b).size()));
    System.out.printf("lost device's task running elsewhere after %d ms%n", (System.nanoTime() - t0) / 1_000_000);
    assertEquals(1, running(a).size(), "the orphan keeps running while its agent is gone");

    agentA.start();
    await().atMost(CONVERGE).untilAsserted(() -> {
      assertEquals(0, docker.containers(labels(a)).size(), "surplus on the returning device removed");
      assertEquals(2, running(b).size(), "the healthy replacements were not stopped");
      assertEquals(2, hub.api().get("/api/v1/tasks?serviceName=web").json().size());
    });
    assertTrue(events("task-lost").size() >= 1);
    assertTrue(events("device-lost").stream().anyMatch(e -> e.get("deviceId").asText().equals(a)));
    assertTrue(events("device-returned").stream().anyMatch(e -> e.get("deviceId").asText().equals(a)));
  }

  @Test
  @Order(2)
  void hubDown_killedContainerIsRestartedByTheAgent() {
    hub.stop();
    Container victim = running(b).get(0);
    String startedBefore = startedAt(victim.getId());
    docker.client().killContainerCmd(victim.getId()).exec();
    await().atMost(CONVERGE).untilAsserted(() -> {
      assertTrue(isRunning(victim.getId()));
      assertFalse(startedAt(victim.getId()).equals(startedBefore), "container was started again");
    });
    assertFalse(hub.isAlive());
  }

  @Test
  @Order(3)
  void hubDown_agentRestart_adoptsContainersWithoutRecreating() {
    Map<String, String> before = startTimes(running(b));
    agentB.stop();
    agentB.start();
    Ports.sleep(4_000);
    assertEquals(before, startTimes(running(b)), "same containers, same start times");
  }

  @Test
  @Order(4)
  void hubRestart_restartsNoContainer() {
    Map<String, String> before = startTimes(running(b));
    hub.start();
    hub.awaitReady(CONVERGE);
    // Past the startup grace: had the hub mistaken a reconnecting device for lost, its tasks
    // would have moved by now.
    Ports.sleep(STARTUP_GRACE.toMillis() + 2_000);
    assertEquals(before, startTimes(running(b)), () -> "moved after the hub's restart: "
        + events("device-lost") + " " + events("device-returned"));
    for (JsonNode d : hub.api().get("/api/v1/devices").json()) {
      assertEquals("ACTIVE", d.get("status").asText(), d.toString());
    }
    assertEquals(2, hub.api().get("/api/v1/services/web").json().get("runningCount").asInt());
  }

  @Test
  @Order(5)
  void heldTask_staysStopped_untilReleased() {
    Container c = running(b).get(0);
    String task = c.getLabels().get("backroom.task-id");
    // The event's actor is the authenticated operator, not what the body claims.
    HubApi tech = hub.api().asNewUser("tech-1", "camera-swap-pw-1", "operator");
    tech.post("/api/v1/tasks/" + task + "/hold", "{\"actor\":\"someone-else\",\"reason\":\"camera swap\"}")
        .expect(200);
    await().atMost(CONVERGE).untilAsserted(() -> assertTrue(
        hub.api().get("/api/v1/tasks/" + task).json().get("held").asBoolean()));
    Ports.sleep(1_500);
    docker.client().stopContainerCmd(c.getId()).withTimeout(1).exec();
    Ports.sleep(5_000);
    assertFalse(isRunning(c.getId()), "a held task is not restarted");
    assertEquals(2, hub.api().get("/api/v1/tasks?serviceName=web").json().size(), "nor replaced");
    assertEquals("tech-1", events("task-held").get(0).get("actor").asText());

    hub.api().post("/api/v1/tasks/" + task + "/release", "{}").expect(200);
    await().atMost(CONVERGE).untilAsserted(() -> assertTrue(isRunning(c.getId())));
  }

  @Test
  @Order(6)
  void drain_movesEveryTask_thenTheDeviceIsDrained() {
    hub.api().post("/api/v1/devices/" + b + "/drain", "{\"reason\":\"replace NUC\"}").expect(200);
    await().atMost(CONVERGE).untilAsserted(() -> {
      assertEquals(2, running(a).size());
      assertEquals(0, docker.containers(labels(b)).size());
      assertEquals("DRAINED", hub.api().get("/api/v1/devices/" + b).json().get("status").asText());
    });
    hub.api().post("/api/v1/devices/" + b + "/release", "{}").expect(200);
  }

  @Test
  @Order(7)
  void failingRollout_isRolledBack_andHealthyTasksStayThroughout() throws Exception {
    hub.api().post("/api/v1/task-definitions", """
        {"family":"web","networkMode":"none","containerDefinitions":[{"name":"main",
         "image":"backroom/busybox:1","memory":16,"command":["sh","-c","exit 3"]}]}
        """).expect(201);
    AtomicInteger minHealthy = new AtomicInteger(Integer.MAX_VALUE);
    Thread watcher = new Thread(() -> {
      while (!Thread.currentThread().isInterrupted()) {
        int n = (int) docker.running(Map.of("backroom.service", "web")).stream()
            .filter(c -> c.getCommand().contains("serving")).count();
        minHealthy.accumulateAndGet(n, Math::min);
        try {
          Thread.sleep(100);
        } catch (InterruptedException e) {
          return;
        }
      }
    });
    watcher.start();
    try {
      hub.api().put("/api/v1/services/web",
          "{\"serviceName\":\"web\",\"taskDefinition\":\"web:2\",\"desiredCount\":2}").expect(200);
      await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
        JsonNode deployments = hub.api().get("/api/v1/services/web/deployments").json();
        assertEquals("web:1", hub.api().get("/api/v1/services/web").json().get("taskDefinition").asText());
        assertEquals("COMPLETED", deployments.get(0).get("rolloutState").asText(), deployments.toString());
        assertEquals(1, deployments.get(0).get("taskRevision").asInt());
        assertEquals("FAILED", deployments.get(1).get("rolloutState").asText());
        assertEquals(0, docker.containers(Map.of("backroom.service", "web")).stream()
            .filter(c -> c.getCommand().contains("exit 3")).count(), "failed tasks removed");
      });
    } finally {
      watcher.interrupt();
      watcher.join();
    }
    assertEquals(2, minHealthy.get(), "two healthy tasks ran throughout the failed rollout");
    assertFalse(events("rollback").isEmpty());
  }

  List<Container> running(String device) {
    return docker.running(labels(device));
  }

  Map<String, String> labels(String device) {
    return Map.of("backroom.device-id", device, "backroom.service", "web");
  }

  boolean isRunning(String id) {
    return Boolean.TRUE.equals(docker.client().inspectContainerCmd(id).exec().getState().getRunning());
  }

  String startedAt(String id) {
    return docker.client().inspectContainerCmd(id).exec().getState().getStartedAt();
  }

  Map<String, String> startTimes(List<Container> containers) {
    Map<String, String> m = new HashMap<>();
    containers.forEach(c -> m.put(c.getId(), startedAt(c.getId())));
    return m;
  }

  List<JsonNode> events(String kind) {
    List<JsonNode> out = new java.util.ArrayList<>();
    hub.api().get("/api/v1/events?kind=" + kind).json().forEach(out::add);
    return out;
  }
}
