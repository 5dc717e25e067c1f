package dev.backroom.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Container;
import dev.backroom.harness.AgentProcess;
import dev.backroom.harness.CloudProcess;
import dev.backroom.harness.DeviceRegistration;
import dev.backroom.harness.DockerEngine;
import dev.backroom.harness.Enrollment;
import dev.backroom.harness.HubProcess;
import dev.backroom.harness.ManagedProcess;
import dev.backroom.harness.TcpProxy;
import dev.backroom.harness.TelemetryPublisher;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A WAN outage, for real: cloud, hub, agent and Docker as separate processes, the hub's uplink
 * through a {@link TcpProxy}. While the link is cut the cloud changes a service, the store holds
 * a task and workloads publish telemetry at 500 msg/s on two streams. After the link returns,
 * each side has the other's changes, every telemetry message is in the cloud once and in order,
 * and no container was restarted by any of it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CloudOutageIT {
  static final Duration CONVERGE = Duration.ofSeconds(45);
  static final List<String> STREAMS = List.of("temps", "doors");

  final String run = UUID.randomUUID().toString().substring(0, 6);
  final String store = "outage-" + run;
  final String device = "nuc-" + run;
  Path dir;
  DockerEngine docker;
  CloudProcess cloud;
  TcpProxy link;
  HubProcess hub;
  AgentProcess agent;

  @BeforeAll
  void start() {
    docker = DockerEngine.connect().requireImage(DockerEngine.TEST_IMAGE);
    dir = SyncSupport.runDir("outage-" + run);
    cloud = CloudProcess.start(dir.resolve("cloud"), CloudProcess.Db.h2());
    link = TcpProxy.start(cloud.httpPort());
    cloud.createStore(store, Map.of("region", "eu"));
    Enrollment.Identity id = Enrollment.enroll(cloud, link.url(), store, dir.resolve("hub"));
    assertEquals(link.url(), id.cloudUrl(), "the hub must reach the cloud through the test link");
    hub = HubProcess.start(dir.resolve("hub"), null, Map.of(), SyncSupport.fastSyncHub());
    agent = AgentProcess.start(AgentProcess.Device.nuc(device), hub, dir.resolve(device));

    cloud.putTaskDefinition("web", "store.id=" + store, StoreEndToEnd.taskDefinition("web", "serving"));
    cloud.putService("web", "store.id=" + store, SyncSupport.serviceSpec("web", "web", 2));
    await().atMost(CONVERGE).untilAsserted(() -> {
      assertEquals(2, running().size());
      assertEquals(cloud.store(store).get("revision").asLong(), SyncSupport.appliedRevision(hub));
    });
  }

  @AfterAll
  void stop() {
    for (ManagedProcess p : new ManagedProcess[] {agent, hub, cloud}) {
      if (p != null) {
        p.stop();
      }
    }
    if (link != null) {
      link.close();
    }
    if (docker != null) {
      docker.removeDeviceContainers(device);
      docker.close();
    }
  }

  @Test
  void outage_bothSidesChange_thenConverge_withoutLossDuplicatesOrRestarts() {
    Map<String, String> before = containerLives(running());
    long revisionBefore = SyncSupport.appliedRevision(hub);
    String heldTask = running().get(0).getLabels().get("backroom.task-id");

    link.cut();
    long cutAt = System.nanoTime();
    cloud.putService("web", "store.id=" + store, SyncSupport.serviceSpec("web", "web", 3));
    long newRevision = cloud.store(store).get("revision").asLong();
    assertTrue(newRevision > revisionBefore);
    hub.api().post("/api/v1/tasks/" + heldTask + "/hold",
        "{\"actor\":\"tech-7\",\"reason\":\"lens cleaning\"}").expect(200);
    Map<String, Integer> sent;
    try (TelemetryPublisher pub = new TelemetryPublisher(hub.telemetryUri(), "cam-" + run, run,
        DeviceRegistration.register(hub.api(), "cam-workloads"), hub.mqttTls())) {
      sent = pub.publishAtRate(STREAMS, 500, 4_000);
    }
    assertEquals(Map.of("temps", 1000, "doors", 1000), sent, "every message PUBACKed by the hub");

    // The cut is real: nothing crossed it in either direction.
    assertEquals(2, SyncSupport.hubService(hub, "web").get("desiredCount").asInt());
    assertEquals(revisionBefore, SyncSupport.appliedRevision(hub));
    assertEquals(0, SyncSupport.telemetryCount(cloud, store, "temps"));
    assertTrue(heldEvents(heldTask).isEmpty(), "the hold cannot be in the cloud yet");
    assertTrue(holdAudit(heldTask).isEmpty(), "nor its audit entry");
    System.out.printf("link cut for %d ms while both sides changed%n", (System.nanoTime() - cutAt) / 1_000_000);

    link.restore();
    long restoredAt = System.nanoTime();
    // Each outcome is awaited and checked on its own and all are reported together, so one run
    // tells everything that did not converge.
    Outcomes o = new Outcomes(restoredAt);
    o.await("cloud change applied on the hub", () -> {
      assertEquals(newRevision, SyncSupport.appliedRevision(hub), () -> "hub: " + SyncSupport.syncStatus(hub));
      assertEquals(3, SyncSupport.hubService(hub, "web").get("desiredCount").asInt());
    });
    o.await("hold reported to the cloud with origin local", () ->
        assertEquals(1, heldEvents(heldTask).size(), () -> "hub: " + SyncSupport.syncStatus(hub)));
    o.await("the hold's audit entry reported to the cloud", () -> {
      List<JsonNode> audit = holdAudit(heldTask);
      assertEquals(1, audit.size(), () -> "hub: " + SyncSupport.syncStatus(hub));
      assertEquals(200, audit.get(0).path("status").asInt(), audit.get(0).toString());
      assertTrue(audit.get(0).path("actor").asText().length() > 0, audit.get(0).toString());
    });
    o.await("2000 telemetry messages in the cloud", () -> {
      for (String s : STREAMS) {
        assertEquals(1000, SyncSupport.telemetryCount(cloud, store, s), s);
      }
    });
    o.check("telemetry exactly once and in order per stream", () -> {
      for (String s : STREAMS) {
        SyncSupport.assertExactlyOnceInOrder(cloud, store, s, 1000, run);
      }
    });
    o.await("the cloud recorded the hub's ack, the new desired count runs", () -> {
      assertEquals(newRevision, cloud.store(store).get("appliedRevision").asLong(), "ack recorded");
      assertEquals(3, running().size(), "the new desired count runs");
    });
    o.check("no container from before the outage restarted", () -> assertEquals(before,
        containerLives(containersById(before.keySet())), "same start time, same restart count"));
    o.check("the local hold survives the cloud's revision", () -> assertTrue(
        hub.api().get("/api/v1/tasks/" + heldTask).json().get("held").asBoolean()));
    System.out.println("after restore: " + o.timings());
    o.assertAllPassed();
  }

  /** Collects named checks with the time each converged after the restore. */
  static final class Outcomes {
    final long t0;
    final StringBuilder failures = new StringBuilder();
    final StringBuilder timings = new StringBuilder();

    Outcomes(long t0) {
      this.t0 = t0;
    }

    void await(String what, org.awaitility.core.ThrowingRunnable check) {
      check(what, () -> org.awaitility.Awaitility.await().atMost(CONVERGE).untilAsserted(check));
    }

    void check(String what, org.junit.jupiter.api.function.Executable check) {
      try {
        check.execute();
        timings.append(what).append(" at ").append((System.nanoTime() - t0) / 1_000_000).append(" ms; ");
      } catch (Throwable e) {
        failures.append("\n- ").append(what).append(": ").append(e.getMessage());
      }
    }

    String timings() {
      return timings.toString();
    }

    void assertAllPassed() {
      if (failures.length() > 0) {
        throw new AssertionError("after the link was restored:" + failures);
      }
    }
  }

  /** The cloud's reported events for the hold of taskId: kind task-held, origin local. */
  List<JsonNode> heldEvents(String taskId) {
    return SyncSupport.reportedEvents(cloud, store).stream()
        .filter(e -> e.path("kind").asText().equals("task-held"))
        .filter(e -> e.toString().contains(taskId))
        .peek(e -> assertEquals("local", e.path("origin").asText(), e.toString()))
        .toList();
  }

  /** The cloud's reported audit entries for the hold request on taskId. */
  List<JsonNode> holdAudit(String taskId) {
    List<JsonNode> out = new java.util.ArrayList<>();
    cloud.storeReports(store).path("audit").forEach(a -> {
      if (a.path("method").asText().equals("POST")
          && a.path("path").asText().equals("/api/v1/tasks/" + taskId + "/hold")) {
        out.add(a);
      }
    });
    return out;
  }

  List<Container> running() {
    return docker.running(Map.of("backroom.device-id", device, "backroom.service", "web"));
  }

  List<Container> containersById(java.util.Set<String> ids) {
    return docker.containers(Map.of("backroom.device-id", device)).stream()
        .filter(c -> ids.contains(c.getId())).toList();
  }

  /** Container id to "StartedAt / RestartCount / running", straight from Docker. */
  Map<String, String> containerLives(List<Container> containers) {
    Map<String, String> m = new TreeMap<>();
    for (Container c : containers) {
      InspectContainerResponse i = docker.client().inspectContainerCmd(c.getId()).exec();
      m.put(c.getId(), i.getState().getStartedAt() + " / restarts " + i.getRestartCount() + " / running "
          + i.getState().getRunning());
    }
    return m;
  }
}
