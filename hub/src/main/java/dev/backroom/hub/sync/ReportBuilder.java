package dev.backroom.hub.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.backroom.hub.views.DeviceViews;
import dev.backroom.hub.core.sync.EventGaps;
import dev.backroom.hub.core.sync.SnapshotDigest;
import dev.backroom.hub.deploy.DeploymentStore;
import dev.backroom.jdbc.Jdbc;
import dev.backroom.sync.wire.ReportBatch;
import dev.backroom.sync.wire.ReportedAudit;
import dev.backroom.sync.wire.ReportedEvent;
import dev.backroom.sync.wire.SyncJson;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Builds the next report batch and persists it, in one transaction with the event and audit
 * cursors and the sequence counter: a batch either exists with its events and audit entries or
 * nothing moved. The snapshots are the API's own views, so the cloud sees what an operator on
 * site sees; tasks with their containers and the recently stopped ones ({@link ReportedTasks}).
 *
 * <p>Audit entries need no gap watch like events: one thread writes the audit log, each entry in
 * its own transaction, so ids become visible in order. A hole is a failed insert or an entry the
 * log pruned (over its row bound) before it could be reported, and is skipped.
 */
@ApplicationScoped
public class ReportBuilder {
  private static final ObjectMapper MAPPER = SyncJson.mapper();
  /** Longer than any hub transaction that writes events. */
  static final Duration GAP_SETTLE = Duration.ofSeconds(3);

  @Inject Jdbc jdbc;
  @Inject SyncStore store;
  @Inject DeviceViews devices;
  @Inject ReportedTasks reportedTasks;
  @Inject DeploymentStore deployments;

  private volatile EventGaps.Watch gapWatch;
  private volatile String lastSnapshotDigest;
  private volatile Instant lastBuiltAt = Instant.EPOCH;

  /** A persisted batch; {@code moreEvents} says another batch should follow at once. */
  public record Built(long sequence, byte[] body, int events, int audit, boolean moreEvents) {}

  /**
   * The next batch, or null when there is nothing new to say: no events, no audit entries and
   * snapshots equal to
   * the last batch's (a device's lastSeen aside), and the last batch is younger than
   * {@code quietRefresh}. Stores on metered links then send nothing between changes but a
   * periodic refresh.
   */
  public Built buildAndPersist(int maxEvents, Instant now, Duration quietRefresh) {
    List<JsonNode> deviceViews = devices.list().stream().map(v -> (JsonNode) MAPPER.valueToTree(v)).toList();
    return jdbc.inTransaction(() -> {
      long cursor = store.counter(SyncStore.LAST_REPORTED_EVENT, 0);
      long sequence = store.counter(SyncStore.NEXT_REPORT_SEQUENCE, 1);
      List<ReportedEvent> read = eventsAfter(cursor, maxEvents + 1);
      boolean more = read.size() > maxEvents;
      EventGaps.Take take = EventGaps.take(more ? read.subList(0, maxEvents) : read, cursor,
          gapWatch, now, GAP_SETTLE);
      gapWatch = take.watch();
      List<ReportedEvent> batchEvents = take.events();
      more &= take.watch() == null;
      long auditCursor = store.counter(SyncStore.LAST_REPORTED_AUDIT, 0);
      List<ReportedAudit> audit = auditAfter(auditCursor, maxEvents + 1);
      if (audit.size() > maxEvents) {
        audit = audit.subList(0, maxEvents);
        more = true;
      }
      List<JsonNode> taskViews = reportedTasks.snapshot(now);
      List<JsonNode> deploymentViews =
          deployments.current().stream().map(d -> (JsonNode) MAPPER.valueToTree(d)).toList();
      String digest = SnapshotDigest.of(deviceViews, taskViews, deploymentViews);
      if (batchEvents.isEmpty() && audit.isEmpty() && digest.equals(lastSnapshotDigest)
          && now.isBefore(lastBuiltAt.plus(quietRefresh))) {
        return null;
      }
      lastSnapshotDigest = digest;
      lastBuiltAt = now;
      ReportBatch batch = new ReportBatch(sequence, now, deviceViews, taskViews, deploymentViews,
          batchEvents, audit);
      byte[] body = SyncJson.write(batch);
      store.addPending(sequence, body, now);
      store.setCounter(SyncStore.NEXT_REPORT_SEQUENCE, sequence + 1);
      if (!batchEvents.isEmpty()) {
        store.setCounter(SyncStore.LAST_REPORTED_EVENT, batchEvents.get(batchEvents.size() - 1).eventId());
      }
      if (!audit.isEmpty()) {
        store.setCounter(SyncStore.LAST_REPORTED_AUDIT, audit.get(audit.size() - 1).auditId());
      }
      return new Built(sequence, body, batchEvents.size(), audit.size(), more);
    });
  }

  private List<ReportedEvent> eventsAfter(long cursor, int limit) {
    return jdbc.query("select * from events where event_id > ? order by event_id limit ?",
        rs -> new ReportedEvent(rs.getLong("event_id"), Jdbc.instant(rs, "at"), rs.getString("kind"),
            rs.getString("actor"), rs.getString("origin"), rs.getString("service_name"),
            rs.getString("task_id"), rs.getString("device_id"), rs.getString("deployment_id"),
            rs.getString("reason"), rs.getString("message")),
        cursor, limit);
  }

  private List<ReportedAudit> auditAfter(long cursor, int limit) {
    return jdbc.query("select * from audit_log where audit_id > ? order by audit_id limit ?",
        rs -> new ReportedAudit(rs.getLong("audit_id"), Jdbc.instant(rs, "at"),
            rs.getString("actor"), rs.getString("role"), rs.getString("auth_method"),
            rs.getString("method"), rs.getString("path"), rs.getString("target"),
            rs.getString("remote_address"), rs.getInt("status")),
        cursor, limit);
  }
}
