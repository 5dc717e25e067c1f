package dev.backroom.hub.enrollment;

import dev.backroom.hub.store.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Per-device credential hashes and revocations in H2. */
@ApplicationScoped
public class DeviceCredentialStore {
  @Inject Jdbc jdbc;

  public Optional<DeviceCredential> find(String deviceId) {
    return jdbc.queryOne("select * from device_credentials where device_id = ?",
        DeviceCredentialStore::map, deviceId);
  }

  public List<DeviceCredential> list() {
    return jdbc.query("select * from device_credentials order by device_id",
        DeviceCredentialStore::map);
  }

  /** Stores a (new) credential; enrolling again replaces the old one. */
  public void put(DeviceCredential c) {
    int n = jdbc.update("update device_credentials set secret_hash = ?, workload_hash = ?,"
        + " activation_id = ?, registered_at = ?, revoked_at = null, revoked_by = null,"
        + " revoke_reason = null where device_id = ?", c.secretHash(), c.workloadHash(),
        c.activationId(), c.registeredAt(), c.deviceId());
    if (n == 0) {
      jdbc.update("insert into device_credentials (device_id, secret_hash, workload_hash,"
          + " activation_id, registered_at) values (?, ?, ?, ?, ?)", c.deviceId(), c.secretHash(),
          c.workloadHash(), c.activationId(), c.registeredAt());
    }
  }

  /** False when the device has no credential or was revoked already. */
  public boolean revoke(String deviceId, Instant at, String actor, String reason) {
    return jdbc.update("update device_credentials set revoked_at = ?, revoked_by = ?,"
        + " revoke_reason = ? where device_id = ? and revoked_at is null", at, actor, reason,
        deviceId) == 1;
  }

  private static DeviceCredential map(ResultSet rs) throws SQLException {
    return new DeviceCredential(rs.getString("device_id"), rs.getString("secret_hash"),
        rs.getString("workload_hash"), rs.getString("activation_id"),
        Jdbc.instant(rs, "registered_at"), Jdbc.instant(rs, "revoked_at"),
        rs.getString("revoked_by"), rs.getString("revoke_reason"));
  }
}
