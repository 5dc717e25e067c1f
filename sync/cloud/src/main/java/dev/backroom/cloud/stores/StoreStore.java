package dev.backroom.cloud.stores;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.backroom.jdbc.Jdbc;
import dev.backroom.sync.selector.LabelSelector;
import dev.backroom.sync.wire.SyncJson;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The stores table. Methods that lock ({@code ...ForUpdate}) must run inside a transaction. */
@ApplicationScoped
public class StoreStore {
  private static final String COLUMNS = "id, name, labels, revision, applied_revision,"
      + " report_sequence, telemetry_sequence, last_seen_ms, credential_sha256, enrolled_ms,"
      + " hub_name";
  private static final TypeReference<TreeMap<String, String>> LABELS = new TypeReference<>() {};

  @Inject
  @Named("cloud")
  Jdbc jdbc;

  public boolean create(String id, String name, Map<String, String> labels, Instant now) {
    if (find(id).isPresent()) {
      return false;
    }
    jdbc.update("INSERT INTO stores (id, name, labels, revision, change_floor, change_seq,"
        + " applied_revision, report_sequence, telemetry_sequence, created_ms)"
        + " VALUES (?, ?, ?, 0, 0, 0, 0, 0, 0, ?)", id, name, writeLabels(labels),
        now.toEpochMilli());
    return true;
  }

  public Optional<StoreRecord> find(String id) {
    return jdbc.queryOne("SELECT " + COLUMNS + " FROM stores WHERE id = ?", StoreStore::map, id);
  }

  /** Locks the store row until the transaction ends; every write to a store goes through here. */
  public Optional<StoreRecord> lock(String id) {
    return jdbc.queryOne("SELECT " + COLUMNS + " FROM stores WHERE id = ? FOR UPDATE",
        StoreStore::map, id);
  }

  public List<StoreRecord> list() {
    return jdbc.query("SELECT " + COLUMNS + " FROM stores ORDER BY id", StoreStore::map);
  }

  public Optional<String> credentialHash(String id) {
    return jdbc.queryOne("SELECT credential_sha256 FROM stores WHERE id = ?",
        rs -> rs.getString(1), id).filter(h -> h != null);
  }

  public void setLabels(String id, Map<String, String> labels) {
    jdbc.update("UPDATE stores SET labels = ? WHERE id = ?", writeLabels(labels), id);
  }

  /** Replaces the credential: only the sha256 of the new secret is kept, the old one stops working. */
  public void setCredential(String id, String sha256, String hubName, Instant now) {
    jdbc.update("UPDATE stores SET credential_sha256 = ?, hub_name = ?, enrolled_ms = ?,"
        + " last_seen_ms = ? WHERE id = ?", sha256, hubName, now.toEpochMilli(),
        now.toEpochMilli(), id);
  }

  /**
   * Records an ack in one statement, only when the revision is not ahead of the store's own;
   * false when nothing was written (no such store, or the revision is ahead: the caller says
   * which).
   */
  public boolean ackRevision(String id, long revision, Instant now) {
    return jdbc.update("UPDATE stores SET applied_revision = ?, last_seen_ms = ? WHERE id = ? AND"
        + " revision >= ?", revision, now.toEpochMilli(), id, revision) == 1;
  }

  /**
   * Records a sign of life unless one within {@link #TOUCH_GRANULARITY_MS} is already there (or
   * a later one, from an instance whose clock is ahead). A busy store is seen by every upload, so
   * its long-polls then write nothing: no row version, no commit for the database to flush.
   */
  public void touch(String id, Instant now) {
    long ms = now.toEpochMilli();
    jdbc.update("UPDATE stores SET last_seen_ms = ? WHERE id = ? AND (last_seen_ms IS NULL OR"
        + " last_seen_ms < ?)", ms, id, ms - TOUCH_GRANULARITY_MS);
  }

  /** How stale a store's last-seen time may be before a long-poll writes it again. */
  public static final long TOUCH_GRANULARITY_MS = 5_000;

  public void setReportSequence(String id, long sequence, Instant now) {
    jdbc.update("UPDATE stores SET report_sequence = ?, last_seen_ms = ? WHERE id = ?",
        sequence, now.toEpochMilli(), id);
  }

  public void setTelemetrySequence(String id, long sequence, Instant now) {
    jdbc.update("UPDATE stores SET telemetry_sequence = ?, last_seen_ms = ? WHERE id = ?",
        sequence, now.toEpochMilli(), id);
  }

  private static StoreRecord map(ResultSet rs) throws SQLException {
    String id = rs.getString("id");
    Long lastSeen = Jdbc.longOrNull(rs, "last_seen_ms");
    Long enrolled = Jdbc.longOrNull(rs, "enrolled_ms");
    return new StoreRecord(id, rs.getString("name"),
        LabelSelector.withImplicit(id, readLabels(rs.getString("labels"))),
        rs.getLong("revision"), rs.getLong("applied_revision"), rs.getLong("report_sequence"),
        rs.getLong("telemetry_sequence"),
        lastSeen == null ? null : Instant.ofEpochMilli(lastSeen),
        rs.getString("credential_sha256") != null,
        enrolled == null ? null : Instant.ofEpochMilli(enrolled), rs.getString("hub_name"));
  }

  public static String writeLabels(Map<String, String> labels) {
    return new String(SyncJson.write(new TreeMap<>(labels == null ? Map.of() : labels)),
        java.nio.charset.StandardCharsets.UTF_8);
  }

  public static Map<String, String> readLabels(String json) {
    try {
      return SyncJson.mapper().readValue(json, LABELS);
    } catch (IOException e) {
      throw new UncheckedIOException("labels column is not a JSON object: " + json, e);
    }
  }
}
