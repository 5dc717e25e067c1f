package dev.backroom.hub.accesskeys;

import dev.backroom.jdbc.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Access keys in H2 ({@code access_keys}), their secrets as sealed bytes only. */
@ApplicationScoped
public class AccessKeyStore {
  private static final String SELECT = "select k.*, u.role as user_role from access_keys k"
      + " left join auth_users u on u.username = k.username";

  private final Jdbc jdbc;

  @Inject
  public AccessKeyStore(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * A row; {@code userRole} is the bound user's current role (read with it, so that a signed
   * request costs one query), null for a pipeline key.
   */
  public record Row(String accessKeyId, String username, String role, String description,
      byte[] secretSealed, boolean enabled, Instant createdAt, Instant expiresAt,
      String userRole) {}

  public void insert(Row r) {
    jdbc.update("insert into access_keys (access_key_id, username, role, description,"
        + " secret_sealed, enabled, created_at, expires_at) values (?, ?, ?, ?, ?, ?, ?, ?)",
        r.accessKeyId(), r.username(), r.role(), r.description(), r.secretSealed(), r.enabled(),
        r.createdAt(), r.expiresAt());
  }

  public Optional<Row> find(String accessKeyId) {
    return jdbc.queryOne(SELECT + " where k.access_key_id = ?", AccessKeyStore::row, accessKeyId);
  }

  /** Oldest first, ties by id. */
  public List<Row> list() {
    return jdbc.query(SELECT + " order by k.created_at, k.access_key_id", AccessKeyStore::row);
  }

  /** False when there is no such key. */
  public boolean setEnabled(String accessKeyId, boolean enabled) {
    return jdbc.update("update access_keys set enabled = ? where access_key_id = ?", enabled,
        accessKeyId) == 1;
  }

  /** False when there is no such key. */
  public boolean delete(String accessKeyId) {
    return jdbc.update("delete from access_keys where access_key_id = ?", accessKeyId) == 1;
  }

  private static Row row(ResultSet rs) throws SQLException {
    return new Row(rs.getString("access_key_id"), rs.getString("username"), rs.getString("role"),
        rs.getString("description"), rs.getBytes("secret_sealed"), rs.getBoolean("enabled"),
        Jdbc.instant(rs, "created_at"), Jdbc.instant(rs, "expires_at"),
        rs.getString("user_role"));
  }
}
