package dev.backroom.hub.enrollment;

import dev.backroom.jdbc.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Device activations in H2. Use counting happens inside the caller's transaction. */
@ApplicationScoped
public class ActivationStore {
  @Inject Jdbc jdbc;

  public void insert(Activation a) {
    jdbc.update("insert into device_activations (activation_id, code_hash, created_at, expires_at,"
        + " max_uses, uses, created_by, note, device_id, replace_device)"
        + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", a.id(), a.codeHash(), a.createdAt(),
        a.expiresAt(), a.maxUses(), a.uses(), a.createdBy(), a.note(), a.deviceId(), a.replace());
  }

  public List<Activation> list() {
    return jdbc.query("select * from device_activations order by created_at, activation_id",
        ActivationStore::map);
  }

  /** The activation with its row locked until the surrounding transaction ends. */
  public Optional<Activation> lock(String id) {
    return jdbc.queryOne("select * from device_activations where activation_id = ? for update",
        ActivationStore::map, id);
  }

  public void used(String id) {
    jdbc.update("update device_activations set uses = uses + 1 where activation_id = ?", id);
  }

  private static Activation map(ResultSet rs) throws SQLException {
    return new Activation(rs.getString("activation_id"), rs.getString("code_hash"),
        Jdbc.instant(rs, "created_at"), Jdbc.instant(rs, "expires_at"), rs.getInt("max_uses"),
        rs.getInt("uses"), rs.getString("created_by"), rs.getString("note"),
        rs.getString("device_id"), rs.getBoolean("replace_device"));
  }
}
