package dev.backroom.soak.extra;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.model.Container;
import dev.backroom.harness.AgentProcess;
import dev.backroom.harness.DockerEngine;
import dev.backroom.harness.Ports;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The hub on a stepped clock (libfaketime), one real agent on real Docker running one task, the
 * uplink to a real cloud, telemetry flowing: the hub's clock goes forward 10 minutes, back to real
 * time, back 10 more minutes, and back to real time. Throughout, the hub answers within 1 s, the
 * device stays ACTIVE and no device-lost event is recorded, the task keeps its container, a cloud
 * change still reaches the hub, and telemetry arrives exactly once and in order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SteppedClockIT {
  static final String TD = """
      {"family":"clk","networkMode":"none","containerDefinitions":[{"name":"main",
       "image":"backroom/busybox:1","memory":16,"command":["sh","-c","sleep 3600"]}]}""";

  SteppedClock clock;
  Store store;
  AgentProcess agent;
  DockerEngine docker;
  String device;

  @BeforeAll
  void start() {
    docker = DockerEngine.connect().requireImage(DockerEngine.TEST_IMAGE);
    String name = "clock-" + java.util.UUID.randomUUID().toString().substring(0, 6);
    clock = SteppedClock.create(Store.runDir(name).resolve("faketime"));
    store = new Store("clock", null, clock.environment());
    device = "nuc-" + store.run;
    agent = AgentProcess.start(AgentProcess.Device.nuc(device), store.hub, store.dir.resolve(device));
    store.cloud.putTaskDefinition("clk", "store.id=" + store.storeId, TD);
    putService(1);
    await().atMost(Duration.ofSeconds(60)).until(() -> running().size() == 1);
  }

  @AfterAll
  void stop() {
    if (agent != null) {
      agent.stop();
    }
    if (store != null) {
      store.close();
    }
    if (docker != null) {
      if (device != null) {
        docker.removeDeviceContainers(device);
      }
      docker.close();
    }
  }

  long putService(int count) {
    store.cloud.putService("clk", "store.id=" + store.storeId,
        "{\"serviceName\":\"clk\",\"taskDefinition\":\"clk\",\"desiredCount\":" + count + "}");
    return store.cloud.store(store.storeId).get("revision").asLong();
  }

  List<Container> running() {
    return docker.running(Map.of("backroom.device-id", device, "backroom.service", "clk"));
  }

  @Test
  void stepsOfTenMinutes_forwardAndBack_changeNothingAStoreCanSee() {
    List<String> findings = new ArrayList<>();
    Set<String> containersBefore = ids(running());
    long lostBefore = events("device-lost");
    TelemetryLedger.Report report;
    try (TelemetryLedger ledger = TelemetryLedger.start(store.hub, store.run, 1, 20)) {
      Ports.sleep(3_000);
      int count = 1;
      for (Duration step : List.of(Duration.ofMinutes(10), Duration.ofMinutes(-10),
          Duration.ofMinutes(-10), Duration.ofMinutes(10))) {
        clock.step(step);
        long steppedAt = System.nanoTime();
        // libfaketime reads the offset again within about a second; a busy machine adds some.
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500)).until(() ->
            Math.abs(SteppedClock.observedOffset(store.hub.api()).minus(clock.offset()).toMillis()) < 3_000);
        System.out.printf("hub clock at offset %s after %d ms%n", clock.offset(),
            (System.nanoTime() - steppedAt) / 1_000_000);
        watch("at offset " + clock.offset(), Duration.ofSeconds(6), findings);
        // Only up: a scale-in may stop the first task, which would hide a restart the clock caused.
        long revision = putService(++count);
        try {
          await().atMost(Duration.ofSeconds(30)).until(() -> applied() >= revision);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
          findings.add("at offset " + clock.offset() + ": cloud revision " + revision
              + " not applied within 30 s; sync " + store.hub.api().get("/api/v1/sync").body());
        }
      }
      assertEquals(Duration.ZERO, clock.offset());
      ledger.pause();
      Ports.sleep(500);
      report = ledger.check(store.cloud, store.storeId, Duration.ofSeconds(45));
    }
    long lost = events("device-lost") - lostBefore;
    if (lost > 0) {
      findings.add(lost + " device-lost events");
    }
    Set<String> after = ids(docker.running(Map.of("backroom.device-id", device)));
    if (!after.containsAll(containersBefore)) {
      findings.add("the first task's container is gone: before " + containersBefore + ", after " + after);
    }
    report.findings().forEach(f -> findings.add(f.toString()));
    System.out.println("stepped clock: " + clock.steps() + " steps; " + report.streams() + "; findings "
        + findings);
    assertTrue(store.hub.isAlive(), "the hub exited:\n" + store.hub.tail(40));
    assertEquals(4, clock.steps());
    assertTrue(report.total(StreamAudit.Counts::acknowledged) > 500, report.toString());
    assertEquals(List.of(), findings);
  }

  /** For d: every 500 ms the hub answers within 1 s, the device is ACTIVE and connected. */
  void watch(String when, Duration d, List<String> findings) {
    long end = System.nanoTime() + d.toNanos();
    Set<String> seen = new LinkedHashSet<>();
    while (System.nanoTime() < end) {
      long t0 = System.nanoTime();
      var reply = store.hub.api().get("/api/v1/devices");
      long ms = (System.nanoTime() - t0) / 1_000_000;
      if (reply.status() != 200 || ms > 1_000) {
        seen.add("GET /api/v1/devices -> " + reply.status() + " in " + ms + " ms");
      } else {
        for (JsonNode dev : reply.json()) {
          if (dev.path("deviceId").asText().equals(device)
              && (!dev.path("status").asText().equals("ACTIVE") || !dev.path("agentConnected").asBoolean())) {
            seen.add("device " + dev.path("status").asText() + ", connected "
                + dev.path("agentConnected").asBoolean() + ", last seen " + dev.path("lastSeen").asText());
          }
        }
      }
      Ports.sleep(500);
    }
    seen.forEach(s -> findings.add(when + ": " + s));
  }

  long applied() {
    return store.hub.api().get("/api/v1/sync").expect(200).json().path("appliedRevision").asLong();
  }

  long events(String kind) {
    return store.hub.api().get("/api/v1/events?kind=" + kind + "&limit=5000").expect(200).json().size();
  }

  static Set<String> ids(List<Container> cs) {
    Set<String> s = new LinkedHashSet<>();
    cs.forEach(c -> s.add(c.getId()));
    return s;
  }
}
