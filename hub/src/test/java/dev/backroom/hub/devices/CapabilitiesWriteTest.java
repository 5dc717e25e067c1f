package dev.backroom.hub.devices;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.backroom.config.json.Json;
import dev.backroom.jdbc.Jdbc;
import dev.backroom.mqtt.message.Capabilities;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Agents announce their capabilities on every connect; the hub stores them only when they
 * changed (a reconnect storm after a hub restart would otherwise cost a commit per device).
 */
@QuarkusTest
class CapabilitiesWriteTest {
  @Inject DeviceRegistry registry;
  @Inject Jdbc jdbc;

  @Test
  void theSameCapabilitiesAgainAreNotRewritten_aChangeIsStored() {
    String id = "caps-" + UUID.randomUUID();
    Capabilities first = new Capabilities(id, "amd64", "linux", 4, 1024, 0, Map.of("zone", "a"), "1.0");
    registry.onCapabilities(first);
    Row stored = row(id);
    assertEquals(first, stored.caps());

    registry.onCapabilities(new Capabilities(id, "amd64", "linux", 4, 1024, 0, Map.of("zone", "a"), "1.0"));
    assertEquals(stored, row(id), "an unchanged announcement must not rewrite the row");

    Capabilities upgraded = new Capabilities(id, "amd64", "linux", 4, 2048, 0, Map.of("zone", "a"), "1.1");
    registry.onCapabilities(upgraded);
    Row after = row(id);
    assertEquals(upgraded, after.caps());
    assertEquals(upgraded, registry.all().stream().filter(d -> d.deviceId().equals(id))
        .findFirst().orElseThrow().capabilities());
  }

  private record Row(Capabilities caps, Instant storedAt) {}

  private Row row(String id) {
    return jdbc.queryOne("select capabilities, last_seen from devices where device_id = ?",
        rs -> new Row(Json.read(rs.getString(1), Capabilities.class), Jdbc.instant(rs, "last_seen")),
        id).orElseThrow();
  }
}
