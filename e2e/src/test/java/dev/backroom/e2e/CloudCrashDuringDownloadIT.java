package dev.backroom.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backroom.harness.CloudProcess;
import dev.backroom.harness.Enrollment;
import dev.backroom.harness.HubProcess;
import dev.backroom.harness.ManagedProcess;
import dev.backroom.harness.TcpProxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * kill -9 of the cloud while it serves the hub a large desired-state change: the proxy lets the
 * first 8 KiB of the answer through and holds the rest, then the cloud dies. The hub must keep
 * exactly its previous revision (no half-applied answer), and apply the new one once the cloud
 * is back.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CloudCrashDuringDownloadIT {
  static final Duration CONVERGE = Duration.ofSeconds(45);

  final String run = UUID.randomUUID().toString().substring(0, 6);
  final String store = "crash-cloud-" + run;
  Path dir;
  CloudProcess cloud;
  TcpProxy link;
  HubProcess hub;

  @BeforeAll
  void start() {
    dir = SyncSupport.runDir("cloud-crash-" + run);
    cloud = CloudProcess.start(dir.resolve("cloud"), CloudProcess.Db.h2());
    link = TcpProxy.start(cloud.httpPort());
    cloud.createStore(store, Map.of("region", "eu"));
    Enrollment.enroll(cloud, link.url(), store, dir.resolve("hub"));
    hub = HubProcess.start(dir.resolve("hub"), null, Map.of(), SyncSupport.fastSyncHub());
    cloud.putTaskDefinition("menu", "region=eu", StoreEndToEnd.taskDefinition("menu", "v1"));
    cloud.putService("menu", "region=eu", SyncSupport.serviceSpec("menu", "menu", 1));
    await().atMost(CONVERGE).untilAsserted(() -> {
      assertEquals(cloud.store(store).get("revision").asLong(), SyncSupport.appliedRevision(hub));
      assertEquals(1, SyncSupport.hubService(hub, "menu").path("desiredCount").asInt());
    });
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
  void cloudKilledMidDownload_hubKeepsPreviousRevision_thenAppliesTheNewOne() {
    long previous = SyncSupport.appliedRevision(hub);
    String previousState = SyncSupport.desiredOnHub(hub);

    // Small answers (empty long-polls) pass whole; the big change is cut after 8 KiB.
    link.stallResponses("GET /sync/v1/desired", 8 * 1024);
    cloud.putTaskDefinition("menu", "region=eu", SyncSupport.bigTaskDefinition("menu", "v2", 96));
    cloud.putTaskDefinition("prices", "region=eu", SyncSupport.bigTaskDefinition("prices", "p", 32));
    cloud.putService("menu", "region=eu", SyncSupport.serviceSpec("menu", "menu", 2));
    long target = cloud.store(store).get("revision").asLong();
    assertTrue(target >= previous + 3, "three new revisions");
    await().atMost(CONVERGE).until(() -> link.stalledResponses() >= 1);
    cloud.kill9();
    System.out.println("cloud killed mid-answer after " + link.stalledResponses() + " stalled response(s)");

    // While the cloud is down the hub retries and fails; it must hold its previous state.
    await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      assertEquals(previous, SyncSupport.appliedRevision(hub));
      assertEquals(previousState, SyncSupport.desiredOnHub(hub));
    });
    assertTrue(hub.isAlive());

    link.clearStall();
    long t0 = System.nanoTime();
    cloud.startAgain();
    assertEquals(target, cloud.store(store).get("revision").asLong(),
        "the cloud lost desired changes it had acknowledged with HTTP 200 before kill -9");
    await().atMost(CONVERGE).untilAsserted(() -> {
      assertEquals(target, SyncSupport.appliedRevision(hub), () -> "hub sync status "
          + SyncSupport.syncStatus(hub) + "; desired requests through the link: "
          + link.requests("GET /sync/v1/desired"));
      assertEquals(2, SyncSupport.hubService(hub, "menu").path("desiredCount").asInt());
      assertTrue(hub.api().get("/api/v1/task-definitions/menu").expect(200).body().contains("FILL_95"),
          "the big task definition arrived whole");
      assertEquals(200, hub.api().get("/api/v1/task-definitions/prices").status());
    });
    System.out.printf("new revision applied %d ms after the cloud restart began%n",
        (System.nanoTime() - t0) / 1_000_000);
    await().atMost(CONVERGE).untilAsserted(() ->
        assertEquals(target, cloud.store(store).get("appliedRevision").asLong(), "ack recorded"));
  }
}
