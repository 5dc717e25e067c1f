package dev.backroom.cloud.audit;

import dev.backroom.jdbc.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.time.Instant;
import java.util.List;

/** Table cloud_audit: appends entries and reads them back in id order. */
@ApplicationScoped
public class CloudAudit {
  static final int MAX_TARGET = 1024;
  static final int MAX_MESSAGE = 1024;

  @Inject
  @Named("cloud")
  Jdbc jdbc;

  /** What to record; the id is the table's. */
  public record Entry(Instant at, String requestId, String operation, String accessKeyId,
      String owner, String role, String target, int status, String errorType,
      String errorMessage) {}

  public void record(Entry e) {
    jdbc.update("INSERT INTO cloud_audit (at_ms, request_id, operation, access_key_id, owner,"
        + " role, target, status, error_type, error_message) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        e.at().toEpochMilli(), e.requestId(), cut(e.operation(), 160), e.accessKeyId(),
        e.owner(), e.role(), cut(e.target(), MAX_TARGET), e.status(), cut(e.errorType(), 128),
        cut(e.errorMessage(), MAX_MESSAGE));
  }

  /** The entries with an id above {@code afterId}, oldest first, at most {@code limit}. */
  public List<CloudAuditEntry> after(long afterId, int limit) {
    return jdbc.query("SELECT audit_id, at_ms, request_id, operation, access_key_id, owner,"
        + " role, target, status, error_type, error_message FROM cloud_audit WHERE audit_id > ?"
        + " ORDER BY audit_id LIMIT ?", rs -> new CloudAuditEntry(rs.getLong("audit_id"),
            Instant.ofEpochMilli(rs.getLong("at_ms")), rs.getString("request_id"),
            rs.getString("operation"), rs.getString("access_key_id"), rs.getString("owner"),
            rs.getString("role"), rs.getString("target"),
            rs.getString("error_type") == null ? CloudAuditEntry.OK : CloudAuditEntry.REFUSED,
            rs.getInt("status"), rs.getString("error_type"), rs.getString("error_message")),
        afterId, limit);
  }

  // the columns' widths: an over-long message or target is kept cut, never lost as a whole
  private static String cut(String s, int max) {
    return s == null || s.length() <= max ? s : s.substring(0, max - 1) + "…";
  }
}
