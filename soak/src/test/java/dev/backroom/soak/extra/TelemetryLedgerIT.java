package dev.backroom.soak.extra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backroom.harness.Ports;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The ledger against a real cloud and hub: telemetry published through a {@code kill -9} of the
 * hub arrives exactly once and in order, every PUBACKed message counted; and the same check
 * pointed at a store that received nothing reports every acknowledged message lost, so a pass
 * is not the check seeing nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TelemetryLedgerIT {
  Store store;

  @BeforeAll
  void start() {
    store = new Store("ledger", null, Map.of());
  }

  @AfterAll
  void stop() {
    if (store != null) {
      store.close();
    }
  }

  @Test
  void throughAHubKill_everyAcknowledgedMessageOnceInOrder_andAnEmptyStoreShowsThemLost() {
    TelemetryLedger.Report report;
    TelemetryLedger.Report elsewhere;
    try (TelemetryLedger ledger = TelemetryLedger.start(store.hub, store.run, 2, 20)) {
      Ports.sleep(4_000);
      store.hub.kill();
      Ports.sleep(2_000);
      store.hub.startAgain();
      Ports.sleep(4_000);
      ledger.pause();
      Ports.sleep(500); // the last PUBACKs
      report = ledger.check(store.cloud, store.storeId, Duration.ofSeconds(45));
      System.out.println("ledger: " + report + " publisher " + ledger.publisherStats());

      store.cloud.createStore("empty-" + store.run, Map.of());
      elsewhere = ledger.check(store.cloud, "empty-" + store.run, Duration.ZERO);
      assertTrue(ledger.publisherStats().connections() >= 2, "reconnected after the kill: "
          + ledger.publisherStats());
    }

    assertEquals(List.of(), report.findings());
    assertEquals(2, report.streams().size());
    for (StreamAudit.Counts c : report.streams()) {
      assertTrue(c.acknowledged() > 100, "published at 20/s for about 8 s: " + c);
      assertEquals(c.acknowledged(), c.delivered(), c.toString());
      assertEquals(0, c.lost(), c.toString());
      assertEquals(0, c.duplicated(), c.toString());
      assertEquals(0, c.outOfOrder(), c.toString());
      assertEquals(0, c.droppedTotal(), c.toString());
    }

    assertEquals(2, elsewhere.findings().size(), elsewhere.findings().toString());
    for (StreamAudit.Counts c : elsewhere.streams()) {
      assertEquals(c.acknowledged(), c.lost(), c.toString());
    }
    assertTrue(elsewhere.findings().stream().allMatch(f -> f.kind().equals("telemetry-lost")),
        elsewhere.findings().toString());
  }
}
