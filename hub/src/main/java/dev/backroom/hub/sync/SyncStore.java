package dev.backroom.hub.sync;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backroom.jdbc.Jdbc;
import dev.backroom.hub.core.sync.CloudKey;
import dev.backroom.sync.wire.DesiredKind;
import dev.backroom.sync.wire.SyncJson;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Persistence of cloud sync: the loops' counters, the cloud's objects as last received and the
 * pending report batches. Writes join the caller's transaction, which is what makes a counter and
 * the work it counts commit together.
 */
@ApplicationScoped
public class SyncStore {
  public static final String APPLIED_REVISION = "applied_revision";
  public static final String LAST_REPORTED_EVENT = "last_reported_event_id";
  /** The highest audit_log id already in a report batch. */
  public static final String LAST_REPORTED_AUDIT = "last_reported_audit_id";
  public static final String NEXT_REPORT_SEQUENCE = "next_report_sequence";

  @Inject Jdbc jdbc;

  public long counter(String name, long fallback) {
    return jdbc.queryOne("select val from sync_state where name = ?", rs -> rs.getLong(1), name)
        .orElse(fallback);
  }

  public void setCounter(String name, long value) {
    if (jdbc.update("update sync_state set val = ? where name = ?", value, name) == 0) {
      jdbc.update("insert into sync_state (name, val) values (?, ?)", name, value);
    }
  }

  public Map<CloudKey, JsonNode> cloudObjects() {
    Map<CloudKey, JsonNode> out = new TreeMap<>();
    jdbc.query("select kind, name, spec from sync_cloud_objects", rs -> {
      out.put(new CloudKey(DesiredKind.valueOf(rs.getString(1)), rs.getString(2)),
          SyncJson.read(rs.getString(3).getBytes(StandardCharsets.UTF_8), JsonNode.class));
      return null;
    });
    return out;
  }

  /** Writes only the difference between {@code before} and {@code after}. */
  public void replaceCloudObjects(Map<CloudKey, JsonNode> before, Map<CloudKey, JsonNode> after) {
    for (CloudKey k : before.keySet()) {
      if (!after.containsKey(k)) {
        jdbc.update("delete from sync_cloud_objects where kind = ? and name = ?", k.kind().name(), k.name());
      }
    }
    for (Map.Entry<CloudKey, JsonNode> e : after.entrySet()) {
      JsonNode old = before.get(e.getKey());
      if (Objects.equals(old, e.getValue())) {
        continue;
      }
      String spec = new String(SyncJson.write(e.getValue()), StandardCharsets.UTF_8);
      if (old != null) {
        jdbc.update("update sync_cloud_objects set spec = ? where kind = ? and name = ?", spec,
            e.getKey().kind().name(), e.getKey().name());
      } else {
        jdbc.update("insert into sync_cloud_objects (kind, name, spec) values (?, ?, ?)",
            e.getKey().kind().name(), e.getKey().name(), spec);
      }
    }
  }

  /** The cloud's forced-redeploy count last applied, per cloud-owned service. */
  public Map<String, Integer> cloudRedeploys() {
    Map<String, Integer> out = new TreeMap<>();
    jdbc.query("select service_name, redeploys from sync_cloud_redeploys", rs -> {
      out.put(rs.getString(1), rs.getInt(2));
      return null;
    });
    return out;
  }

  public void rememberCloudRedeploys(String service, int count) {
    if (jdbc.update("update sync_cloud_redeploys set redeploys = ? where service_name = ?",
        count, service) == 0) {
      jdbc.update("insert into sync_cloud_redeploys (service_name, redeploys) values (?, ?)",
          service, count);
    }
  }

  public void forgetCloudRedeploys(String service) {
    jdbc.update("delete from sync_cloud_redeploys where service_name = ?", service);
  }

  /** A report batch as persisted: exactly the bytes sent each time. */
  public record PendingBatch(long sequence, byte[] body) {}

  public void addPending(long sequence, byte[] body, Instant now) {
    jdbc.update("insert into sync_report_batches (sequence, body, created_at) values (?, ?, ?)",
        sequence, body, now);
  }

  public Optional<PendingBatch> oldestPending() {
    return jdbc.queryOne("select sequence, body from sync_report_batches order by sequence limit 1",
        rs -> new PendingBatch(rs.getLong(1), rs.getBytes(2)));
  }

  public long pendingCount() {
    return jdbc.queryOne("select count(*) from sync_report_batches", rs -> rs.getLong(1)).orElse(0L);
  }

  public void deletePending(long sequence) {
    jdbc.update("delete from sync_report_batches where sequence = ?", sequence);
  }

  /** Every pending batch's sequence, oldest first (for the status and tests). */
  public List<Long> pendingSequences() {
    return jdbc.query("select sequence from sync_report_batches order by sequence", rs -> rs.getLong(1));
  }
}
