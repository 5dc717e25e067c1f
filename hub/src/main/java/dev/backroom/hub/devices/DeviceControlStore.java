package dev.backroom.hub.devices;

import dev.backroom.jdbc.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;

/** Holds and drains per device, persisted so they outlive hub restarts until released. */
@ApplicationScoped
public class DeviceControlStore {
  @Inject Jdbc jdbc;

  public Map<String, DeviceControl> all() {
    return jdbc.query("select * from device_controls", rs -> new DeviceControl(
            rs.getString("device_id"), rs.getBoolean("held"), rs.getBoolean("draining"),
            Jdbc.instant(rs, "drained_at"), rs.getString("actor"), rs.getString("reason"),
            Jdbc.instant(rs, "updated_at")))
        .stream().collect(Collectors.toMap(DeviceControl::deviceId, c -> c));
  }

  public void hold(String deviceId, String actor, String reason, Instant now) {
    upsert(deviceId, true, false, actor, reason, now);
  }

  public void drain(String deviceId, String actor, String reason, Instant now) {
    upsert(deviceId, false, true, actor, reason, now);
  }

  /** Clears hold and drain; the device is schedulable again. */
  public boolean release(String deviceId) {
    return jdbc.update("delete from device_controls where device_id = ?", deviceId) == 1;
  }

  public void markDrained(String deviceId, Instant now) {
    jdbc.update("update device_controls set drained_at = ?, updated_at = ? where device_id = ?"
        + " and drained_at is null", now, now, deviceId);
  }

  private void upsert(String deviceId, boolean held, boolean draining, String actor, String reason,
      Instant now) {
    jdbc.inTransaction(() -> {
      int n = jdbc.update("update device_controls set held = ?, draining = ?, drained_at = null,"
          + " actor = ?, reason = ?, updated_at = ? where device_id = ?",
          held, draining, actor, reason, now, deviceId);
      if (n == 0) {
        jdbc.update("insert into device_controls (device_id, held, draining, actor, reason, updated_at)"
            + " values (?, ?, ?, ?, ?, ?)", deviceId, held, draining, actor, reason, now);
      }
      return null;
    });
  }
}
