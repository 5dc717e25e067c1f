package dev.backroom.hub.store;

import dev.backroom.config.json.Json;
import dev.backroom.jdbc.Jdbc;
import dev.backroom.mqtt.message.Capabilities;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Devices' last capabilities announcement, so a restarted hub knows its fleet at once. */
@ApplicationScoped
public class DeviceStore {
  @Inject Jdbc jdbc;

  /**
   * Stores a device's capabilities as announced; {@code last_seen} is when they were last
   * stored (the registry writes only changes): when a device was last heard from lives in memory.
   */
  public void upsert(Capabilities caps, Instant now) {
    jdbc.inTransaction(() -> {
      int n = jdbc.update("update devices set capabilities = ?, last_seen = ? where device_id = ?",
          Json.write(caps), now, caps.deviceId());
      if (n == 0) {
        jdbc.update("insert into devices (device_id, capabilities, first_seen, last_seen) values (?, ?, ?, ?)",
            caps.deviceId(), Json.write(caps), now, now);
      }
      return null;
    });
  }

  public List<Capabilities> list() {
    return jdbc.query("select capabilities from devices order by device_id",
        rs -> Json.read(rs.getString(1), Capabilities.class));
  }

  /** When each device first announced itself (ECS's {@code registeredAt}), by device id. */
  public Map<String, Instant> firstSeen() {
    Map<String, Instant> out = new HashMap<>();
    jdbc.query("select device_id, first_seen from devices",
        rs -> Map.entry(rs.getString(1), Jdbc.instant(rs, "first_seen")))
        .forEach(e -> out.put(e.getKey(), e.getValue()));
    return out;
  }
}
