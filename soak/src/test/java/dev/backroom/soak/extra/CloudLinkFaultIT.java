package dev.backroom.soak.extra;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backroom.harness.Ports;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Each kind of uplink fault against a real hub and cloud: while the link is refused, black-holed
 * or stalled, a cloud change does not reach the hub (the fault is real) and the hub's API keeps
 * answering within 1 s; after the heal the change arrives. Through a slow link it arrives during
 * the fault. Telemetry published throughout is in the cloud exactly once and in order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CloudLinkFaultIT {
  static final String TD = """
      {"family":"web","networkMode":"none","containerDefinitions":[{"name":"main",
       "image":"backroom/busybox:1","memory":16,"command":["sh","-c","sleep 3600"]}]}""";

  Store store;
  int desired = 1;

  @BeforeAll
  void start() {
    store = new Store("link", null, Map.of());
    store.cloud.putTaskDefinition("web", selector(), TD);
    putService();
  }

  @AfterAll
  void stop() {
    if (store != null) {
      store.close();
    }
  }

  String selector() {
    return "store.id=" + store.storeId;
  }

  /** Changes the service's desired count in the cloud; returns the store's new revision. */
  long putService() {
    store.cloud.putService("web", selector(),
        "{\"serviceName\":\"web\",\"taskDefinition\":\"web\",\"desiredCount\":" + desired++ + "}");
    return store.cloud.store(store.storeId).get("revision").asLong();
  }

  long applied() {
    return store.hub.api().get("/api/v1/sync").expect(200).json().path("appliedRevision").asLong();
  }

  @Test
  void eachFault_holdsBackCloudChanges_apiStaysFast_healDelivers_telemetryExactlyOnce() {
    CloudLinkFault fault = new CloudLinkFault(store.link);
    List<String> timings = new ArrayList<>();
    try (TelemetryLedger ledger = TelemetryLedger.start(store.hub, store.run, 1, 20)) {
      await().atMost(Duration.ofSeconds(30)).until(() -> applied() >= 2);
      for (CloudLinkFault.Kind kind : List.of(CloudLinkFault.Kind.REFUSED,
          CloudLinkFault.Kind.BLACKHOLE, CloudLinkFault.Kind.STALLED)) {
        fault.inject(kind);
        assertEquals(kind, fault.active());
        Ports.sleep(1_000);
        long revision = putService();
        long worst = 0;
        for (int i = 0; i < 12; i++) {
          long t0 = System.nanoTime();
          long now = applied();
          worst = Math.max(worst, (System.nanoTime() - t0) / 1_000_000);
          assertTrue(now < revision, kind + ": revision " + revision + " crossed the fault");
          Ports.sleep(500);
        }
        assertTrue(worst < 1_000, kind + ": the hub's API took " + worst + " ms during the fault");
        fault.heal();
        assertNull(fault.active());
        long healed = System.nanoTime();
        await().atMost(Duration.ofSeconds(30)).until(() -> applied() >= revision);
        timings.add(kind + " healed in " + (System.nanoTime() - healed) / 1_000_000 + " ms");
      }

      fault.slow(Duration.ofMillis(300), 32 * 1024);
      long revision = putService();
      long slowAt = System.nanoTime();
      await().atMost(Duration.ofSeconds(30)).until(() -> applied() >= revision);
      timings.add("through SLOW in " + (System.nanoTime() - slowAt) / 1_000_000 + " ms");
      assertEquals(CloudLinkFault.Kind.SLOW, fault.active(), "still slow when the change arrived");
      fault.heal();
      assertThrows(IllegalArgumentException.class, () -> fault.inject(CloudLinkFault.Kind.SLOW));

      ledger.pause();
      Ports.sleep(500);
      TelemetryLedger.Report r = ledger.check(store.cloud, store.storeId, Duration.ofSeconds(45));
      System.out.println("link faults: " + timings + "; telemetry " + r.streams());
      assertEquals(List.of(), r.findings());
      assertTrue(r.total(StreamAudit.Counts::acknowledged) > 300, r.toString());
      assertEquals(r.total(StreamAudit.Counts::acknowledged), r.total(StreamAudit.Counts::delivered));
    }
    assertEquals(Map.of(CloudLinkFault.Kind.REFUSED, 1, CloudLinkFault.Kind.BLACKHOLE, 1,
        CloudLinkFault.Kind.STALLED, 1, CloudLinkFault.Kind.SLOW, 1), fault.injected());
  }
}
