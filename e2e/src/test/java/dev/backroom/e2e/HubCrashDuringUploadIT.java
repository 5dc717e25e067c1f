package dev.backroom.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backroom.harness.CloudProcess;
import dev.backroom.harness.DeviceRegistration;
import dev.backroom.harness.Enrollment;
import dev.backroom.harness.HubProcess;
import dev.backroom.harness.ManagedProcess;
import dev.backroom.harness.TcpProxy;
import dev.backroom.harness.TelemetryPublisher;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * kill -9 of the hub in the middle of draining a telemetry backlog. The backlog is built while
 * the link is cut; after the link returns, the first uploads go through and then the cloud's
 * answer to one upload is withheld, so the cloud has committed a batch the hub never saw
 * acknowledged, and the hub is killed right then. Restarted, it must resend that batch (the
 * cloud answers duplicate) and the rest: no message lost, none stored twice, order kept.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HubCrashDuringUploadIT {
  static final Duration CONVERGE = Duration.ofSeconds(45);
  static final List<String> STREAMS = List.of("scans", "weights");
  static final int PER_STREAM = 1500;

  final String run = UUID.randomUUID().toString().substring(0, 6);
  final String store = "crash-hub-" + run;
  Path dir;
  CloudProcess cloud;
  TcpProxy link;
  HubProcess hub;

  @BeforeAll
  void start() {
    dir = SyncSupport.runDir("hub-crash-" + run);
    cloud = CloudProcess.start(dir.resolve("cloud"), CloudProcess.Db.h2());
    link = TcpProxy.start(cloud.httpPort());
    cloud.createStore(store, Map.of());
    Enrollment.enroll(cloud, link.url(), store, dir.resolve("hub"));
    hub = HubProcess.start(dir.resolve("hub"), null, Map.of(), SyncSupport.fastSyncHub());
    await().atMost(CONVERGE).until(() -> cloud.store(store).path("lastSeenAt").isTextual());
  }

  @AfterAll
  void stop() {
    for (ManagedProcess p : new ManagedProcess[] {hub, cloud}) {
      if (p != null) {
        p.stop();
      }
    }
    if (link != null) {
      link.close();
    }
  }

  @Test
  void hubKilledWhileDraining_restarts_noLossNoDuplicates() {
    link.cut();
    try (TelemetryPublisher pub = new TelemetryPublisher(hub.telemetryUri(), "scale-" + run, run,
        DeviceRegistration.register(hub.api(), "telemetry-workloads"), hub.mqttTls())) {
      pub.publishBurst(STREAMS, PER_STREAM);
      assertEquals(Map.of("scans", PER_STREAM, "weights", PER_STREAM), pub.sent());
    }
    // Awaited, ignoring timeouts: on a loaded machine the first scrape after a burst was once
    // slower than the client's 10 s.
    await().atMost(CONVERGE).ignoreExceptions().untilAsserted(() -> assertTrue(
        SyncSupport.metric(hub, "backroom_telemetry_outbox_bytes") > 0, "a backlog in the outbox"));

    // Batches of at most 200 messages: 3000 need 15 uploads. Two pass, the third is committed
    // by the cloud but its answer never reaches the hub.
    link.stallResponses("POST /sync/v1/telemetry", 0, 2);
    link.restore();
    await().atMost(CONVERGE).until(() -> link.stalledResponses() == 1);
    int inCloudAtKill = SyncSupport.telemetryCount(cloud, store, "scans")
        + SyncSupport.telemetryCount(cloud, store, "weights");
    hub.kill();
    System.out.printf("hub killed with %d of %d messages in the cloud, after %d uploads%n",
        inCloudAtKill, 2 * PER_STREAM, link.requests("POST /sync/v1/telemetry"));
    assertTrue(inCloudAtKill > 0 && inCloudAtKill < 2 * PER_STREAM, "killed mid-drain: " + inCloudAtKill);

    link.clearStall();
    long t0 = System.nanoTime();
    hub.startAgain();
    await().atMost(CONVERGE).untilAsserted(() -> {
      for (String s : STREAMS) {
        assertEquals(PER_STREAM, SyncSupport.telemetryCount(cloud, store, s), s);
      }
    });
    System.out.printf("backlog drained %d ms after the restart began%n", (System.nanoTime() - t0) / 1_000_000);
    for (String s : STREAMS) {
      SyncSupport.assertExactlyOnceInOrder(cloud, store, s, PER_STREAM, run);
    }
    await().atMost(CONVERGE).ignoreExceptions().untilAsserted(() ->
        assertEquals(0.0, SyncSupport.metric(hub, "backroom_telemetry_outbox_bytes"), "outbox empty"));
  }
}
