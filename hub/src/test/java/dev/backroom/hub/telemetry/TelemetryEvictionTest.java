package dev.backroom.hub.telemetry;

import static dev.backroom.hub.auth.AuthTesting.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.backroom.jdbc.Jdbc;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The outbox bound with real H2: verifies that when full, expired messages go first, then the
 * lowest priority oldest first, each drop counted per stream and reason, and higher priorities
 * are never touched while a lower one remains.
 */
@QuarkusTest
@TestProfile(TelemetryEvictionTest.SmallOutbox.class)
class TelemetryEvictionTest {
  static final int PAYLOAD = 100;
  static final int COST = PAYLOAD + OutboxBytes.ROW_OVERHEAD;

  /** Room for exactly ten 100-byte messages; three streams with distinct policies. */
  public static class SmallOutbox implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "backroom.telemetry.outbox-max-bytes", String.valueOf(10 * COST),
          "backroom.telemetry.streams.\"high\".priority", "5",
          "backroom.telemetry.streams.\"short\".priority", "10",
          "backroom.telemetry.streams.\"short\".ttl", "1s");
    }
  }

  @Inject TelemetryService telemetry;
  @Inject Jdbc jdbc;
  @Inject AgroalDataSource dataSource;
  @Inject MeterRegistry meters;

  @Test
  void full_evictsExpiredFirst_thenLowestPriorityOldestFirst() throws Exception {
    try (TelemetryTestClient c = new TelemetryTestClient(telemetry.listenerPort(), "evict")) {
      for (int i = 1; i <= 3; i++) {
        c.publish("short", msg("s", i), 1);
      }
      Thread.sleep(1_200); // past the short stream's ttl
      for (int i = 1; i <= 4; i++) {
        c.publish("high", msg("h", i), 1);
      }
      for (int i = 1; i <= 8; i++) {
        c.publish("low", msg("l", i), 1);
      }
      for (int i = 5; i <= 8; i++) {
        c.publish("high", msg("h", i), 1);
      }
    }
    // 16 live messages, room for 10: the six oldest of the lowest priority went.
    assertEquals(List.of(), seqs("short"));
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L), seqs("high"));
    assertEquals(List.of(7L, 8L), seqs("low"));
    assertEquals(3.0, dropped("short", "ttl"));
    assertEquals(6.0, dropped("low", "overflow"));
    assertEquals(0.0, dropped("high", "overflow"));
    given().get("/api/v1/telemetry").then().statusCode(200)
        .body("outboxBytes", equalTo(10 * COST))
        .body("outboxMessages", equalTo(10))
        .body("streams.find { it.stream == 'low' }.dropped.overflow", equalTo(6))
        .body("streams.find { it.stream == 'low' }.nextSeq", equalTo(9))
        .body("streams.find { it.stream == 'short' }.dropped.ttl", equalTo(3))
        .body("streams.find { it.stream == 'short' }.ttlSeconds", equalTo(1))
        .body("streams.find { it.stream == 'high' }.priority", equalTo(5))
        .body("streams.find { it.stream == 'high' }.queuedBytes", equalTo(8 * COST));
    // The drop counters are durable, for the next upload batch to carry.
    // The in-memory ledger is what a restart rebuilds from H2.
    try (Connection c = dataSource.getConnection()) {
      OutboxLedger rebuilt = new OutboxLedger();
      OutboxStore.load(c, rebuilt);
      assertEquals(rebuilt.snapshot(), telemetry.ledgerSnapshot());
      assertEquals(10 * COST, rebuilt.totalBytes());
    }
    assertEquals(List.of(6L), jdbc.query("select dropped from telemetry_drops where stream = 'low'"
        + " and reason = 'overflow'", rs -> rs.getLong(1)));
  }

  private static String msg(String prefix, int i) {
    String head = prefix + i + ":";
    return head + "x".repeat(PAYLOAD - head.length());
  }

  private List<Long> seqs(String stream) {
    return TelemetryTestClient.rows(jdbc, stream).stream()
        .map(TelemetryTestClient.StoredRow::seq).toList();
  }

  private double dropped(String stream, String reason) {
    return meters.counter("backroom_telemetry_dropped", "stream", stream, "reason", reason)
        .count();
  }
}
