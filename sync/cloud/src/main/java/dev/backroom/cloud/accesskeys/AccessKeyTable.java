package dev.backroom.cloud.accesskeys;

import dev.backroom.jdbc.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Table access_keys: the secrets as sealed bytes only. */
@ApplicationScoped
public class AccessKeyTable {
  private static final String COLUMNS = "access_key_id, role, description, secret_sealed,"
      + " enabled, created_ms, expires_ms";

  @Inject
  @Named("cloud")
  Jdbc jdbc;

  public record Row(String accessKeyId, String role, String description, byte[] secretSealed,
      boolean enabled, Instant createdAt, Instant expiresAt) {}

  public void insert(Row r) {
    jdbc.update("INSERT INTO access_keys (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)",
        r.accessKeyId(), r.role(), r.description(), r.secretSealed(), r.enabled(),
        r.createdAt().toEpochMilli(), r.expiresAt() == null ? null : r.expiresAt().toEpochMilli());
  }

  public Optional<Row> find(String accessKeyId) {
    return jdbc.queryOne("SELECT " + COLUMNS + " FROM access_keys WHERE access_key_id = ?",
        AccessKeyTable::row, accessKeyId);
  }

  /** Oldest first, ties by id. */
  public List<Row> list() {
    return jdbc.query("SELECT " + COLUMNS + " FROM access_keys ORDER BY created_ms,"
        + " access_key_id", AccessKeyTable::row);
  }

  /** False when there is no such key. */
  public boolean setEnabled(String accessKeyId, boolean enabled) {
    return jdbc.update("UPDATE access_keys SET enabled = ? WHERE access_key_id = ?", enabled,
        accessKeyId) == 1;
  }

  /** False when there is no such key. */
  public boolean delete(String accessKeyId) {
    return jdbc.update("DELETE FROM access_keys WHERE access_key_id = ?", accessKeyId) == 1;
  }

  private static Row row(ResultSet rs) throws SQLException {
    Long expires = Jdbc.longOrNull(rs, "expires_ms");
    return new Row(rs.getString("access_key_id"), rs.getString("role"),
        rs.getString("description"), rs.getBytes("secret_sealed"), rs.getBoolean("enabled"),
        Instant.ofEpochMilli(rs.getLong("created_ms")),
        expires == null ? null : Instant.ofEpochMilli(expires));
  }
}
