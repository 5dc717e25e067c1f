package dev.backroom.hub.devices;

import dev.backroom.jdbc.Jdbc;
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
  /** SQLSTATE of a unique or primary-key violation. */
  private static final String DUPLICATE_KEY = "23505";

  @Inject Jdbc jdbc;

  public Optional<DeviceCredential> find(String deviceId) {
    return jdbc.queryOne("select * from device_credentials where device_id = ?",
        DeviceCredentialStore::map, deviceId);
  }

  /**
   * The device's credential with its row locked until the surrounding transaction ends, so two
   * registrations of one id (two replace activations) take turns: the second sees the first's
   * credential and sets the broker's password after it, never interleaved.
   */
  public Optional<DeviceCredential> lock(String deviceId) {
    return jdbc.queryOne("select * from device_credentials where device_id = ? for update",
        DeviceCredentialStore::map, deviceId);
  }

  public List<DeviceCredential> list() {
    return jdbc.query("select * from device_credentials order by device_id",
        DeviceCredentialStore::map);
  }

  /** Another registration inserted this device id first (it was new to both). */
  public static final class AlreadyEnrolled extends RuntimeException {
    AlreadyEnrolled(String deviceId, Throwable cause) {
      super("device " + deviceId + " was enrolled by a concurrent registration", cause);
    }
  }

  /**
   * Stores a (new) credential; enrolling again replaces the old one.
   *
   * @throws AlreadyEnrolled when a concurrent transaction inserted the same new id first (H2
   *     makes the second insert wait for the first's commit, then refuses the duplicate key)
   */
  public void put(DeviceCredential c) {
    int n = jdbc.update("update device_credentials set secret_hash = ?, workload_hash = ?,"
        + " activation_id = ?, registered_at = ?, revoked_at = null, revoked_by = null,"
        + " revoke_reason = null where device_id = ?", c.secretHash(), c.workloadHash(),
        c.activationId(), c.registeredAt(), c.deviceId());
    if (n == 0) {
      try {
        jdbc.update("insert into device_credentials (device_id, secret_hash, workload_hash,"
            + " activation_id, registered_at) values (?, ?, ?, ?, ?)", c.deviceId(),
            c.secretHash(), c.workloadHash(), c.activationId(), c.registeredAt());
      } catch (Jdbc.StoreException e) {
        if (e.getCause() instanceof SQLException s && DUPLICATE_KEY.equals(s.getSQLState())) {
          throw new AlreadyEnrolled(c.deviceId(), e);
        }
        throw e;
      }
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
