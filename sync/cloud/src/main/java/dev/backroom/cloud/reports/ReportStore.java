package dev.backroom.cloud.reports;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backroom.jdbc.Jdbc;
import dev.backroom.sync.wire.ReportBatch;
import dev.backroom.sync.wire.ReportedAudit;
import dev.backroom.sync.wire.ReportedEvent;
import dev.backroom.sync.wire.SyncJson;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Report snapshots (one row per store, replaced), the appended event history and audit log. */
@ApplicationScoped
public class ReportStore {
  @Inject
  @Named("cloud")
  Jdbc jdbc;

  /** Stores one accepted batch; the caller holds the store row lock and judged the sequence. */
  public void store(String storeId, ReportBatch b, Instant now) {
    jdbc.update("DELETE FROM report_snapshots WHERE store_id = ?", storeId);
    jdbc.update("INSERT INTO report_snapshots (store_id, sequence, sent_ms, received_ms, devices,"
        + " tasks, deployments) VALUES (?, ?, ?, ?, ?, ?, ?)", storeId, b.sequence(),
        b.sentAt() == null ? null : b.sentAt().toEpochMilli(), now.toEpochMilli(),
        json(b.devices()), json(b.tasks()), json(b.deployments()));
    List<Object[]> rows = new ArrayList<>();
    int idx = 0;
    for (ReportedEvent e : b.events()) {
      rows.add(new Object[] {storeId, b.sequence(), idx++, e.eventId(),
          e.at() == null ? null : e.at().toEpochMilli(), json(e)});
    }
    jdbc.batch("INSERT INTO report_events (store_id, sequence, idx, event_id, at_ms, body)"
        + " VALUES (?, ?, ?, ?, ?, ?)", rows);
    List<Object[]> auditRows = new ArrayList<>();
    idx = 0;
    for (ReportedAudit a : b.audit()) {
      auditRows.add(new Object[] {storeId, b.sequence(), idx++, a.auditId(),
          a.at() == null ? null : a.at().toEpochMilli(), json(a)});
    }
    jdbc.batch("INSERT INTO report_audit (store_id, sequence, idx, audit_id, at_ms, body)"
        + " VALUES (?, ?, ?, ?, ?, ?)", auditRows);
  }

  /** The last snapshots and the newest {@code eventLimit} events in hub order, if any report came. */
  public Optional<ReportView> view(String storeId, int eventLimit) {
    Optional<ReportView> head = jdbc.queryOne("SELECT sequence, sent_ms, received_ms, devices,"
        + " tasks, deployments FROM report_snapshots WHERE store_id = ?", rs -> new ReportView(
            storeId, rs.getLong("sequence"), instant(Jdbc.longOrNull(rs, "sent_ms")),
            instant(rs.getLong("received_ms")), tree(rs.getString("devices")),
            tree(rs.getString("tasks")), tree(rs.getString("deployments")), List.of(), List.of()),
        storeId);
    if (head.isEmpty()) {
      return head;
    }
    List<JsonNode> newestFirst = jdbc.query("SELECT body FROM report_events WHERE store_id = ?"
        + " ORDER BY event_id DESC, sequence DESC, idx DESC LIMIT ?",
        rs -> tree(rs.getString(1)), storeId, eventLimit);
    List<JsonNode> events = new ArrayList<>(newestFirst);
    java.util.Collections.reverse(events);
    List<JsonNode> audit = new ArrayList<>(jdbc.query("SELECT body FROM report_audit WHERE"
        + " store_id = ? ORDER BY audit_id DESC, sequence DESC, idx DESC LIMIT ?",
        rs -> tree(rs.getString(1)), storeId, eventLimit));
    java.util.Collections.reverse(audit);
    ReportView h = head.get();
    return Optional.of(new ReportView(storeId, h.sequence(), h.sentAt(), h.receivedAt(),
        h.devices(), h.tasks(), h.deployments(), events, audit));
  }

  /** Audit entries with an id above {@code afterId}, oldest first, at most {@code limit}. */
  public List<JsonNode> auditAfter(String storeId, long afterId, int limit) {
    return jdbc.query("SELECT body FROM report_audit WHERE store_id = ? AND audit_id > ?"
        + " ORDER BY audit_id, sequence, idx LIMIT ?", rs -> tree(rs.getString(1)), storeId,
        afterId, limit);
  }

  public long eventCount(String storeId) {
    return jdbc.queryOne("SELECT COUNT(*) FROM report_events WHERE store_id = ?",
        rs -> rs.getLong(1), storeId).orElse(0L);
  }

  /** What the operator sees of a store's reports. */
  public record ReportView(String storeId, long sequence, Instant sentAt, Instant receivedAt,
      JsonNode devices, JsonNode tasks, JsonNode deployments, List<JsonNode> events,
      List<JsonNode> audit) {}

  private static Instant instant(Long ms) {
    return ms == null ? null : Instant.ofEpochMilli(ms);
  }

  private static String json(Object o) {
    return new String(SyncJson.write(o), StandardCharsets.UTF_8);
  }

  private static JsonNode tree(String json) {
    try {
      return SyncJson.mapper().readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException("stored report is not JSON", e);
    }
  }
}
