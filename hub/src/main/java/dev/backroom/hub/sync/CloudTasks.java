package dev.backroom.hub.sync;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backroom.config.json.SpecHash;
import dev.backroom.config.model.TaskDefinition;
import dev.backroom.hub.api.TaskStops;
import dev.backroom.hub.core.standalone.RunTaskRequest;
import dev.backroom.hub.core.sync.CloudKey;
import dev.backroom.hub.core.sync.CloudTaskSpec;
import dev.backroom.hub.events.Event;
import dev.backroom.hub.events.EventStore;
import dev.backroom.hub.events.EventStore.Subject;
import dev.backroom.hub.standalone.StandaloneTasks;
import dev.backroom.hub.store.ServiceStore;
import dev.backroom.hub.store.TaskDefinitionStore;
import dev.backroom.hub.store.TaskStore;
import dev.backroom.jdbc.Jdbc;
import dev.backroom.sync.wire.DesiredKind;
import dev.backroom.sync.wire.SyncJson;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jboss.logging.Logger;

/**
 * One-off tasks from the cloud (desired TASK objects): {@link #receive} remembers them in the
 * transaction that applies their cloud revision (table cloud_tasks), {@link #settle} runs them
 * after it commits, as standalone tasks with the cloud's id through the hub's own RunTask path,
 * and stops those the cloud stopped through the hub's StopTask. Running happens outside the
 * apply transaction because placement runs on the core thread; the row, and then the task id
 * itself, make sure a task runs once whatever comes down again.
 */
@ApplicationScoped
public class CloudTasks {
  private static final Logger LOG = Logger.getLogger(CloudTasks.class);
  /** How long a task no device can take is tried again (devices reconnecting after a restart). */
  static final Duration PLACEMENT_WINDOW = Duration.ofMinutes(10);
  /** How long a row outlives the cloud's object, as a record of what ran. */
  static final Duration KEPT = Duration.ofDays(30);

  @Inject Jdbc jdbc;
  @Inject StandaloneTasks standalone;
  @Inject TaskStops stops;
  @Inject TaskStore tasks;
  @Inject TaskDefinitionStore taskDefinitions;
  @Inject EventStore events;

  /** A row of cloud_tasks. */
  record Row(String taskId, String spec, String state, Instant receivedAt) {}

  /** In the apply transaction: new TASK objects, changed ones (a stop) and those that left. */
  void receive(Map<CloudKey, JsonNode> before, Map<CloudKey, JsonNode> after, Instant now) {
    for (Map.Entry<CloudKey, JsonNode> e : after.entrySet()) {
      if (e.getKey().kind() != DesiredKind.TASK
          || Objects.equals(before.get(e.getKey()), e.getValue())) {
        continue;
      }
      String spec = new String(SyncJson.write(e.getValue()), StandardCharsets.UTF_8);
      boolean stop = e.getValue().hasNonNull("stop");
      if (jdbc.update("update cloud_tasks set spec = ?, stop_pending = ?, forgotten_at = null"
          + " where task_id = ? and stop_applied_at is null", spec, stop,
          e.getKey().name()) == 0
          && jdbc.queryOne("select 1 from cloud_tasks where task_id = ?", rs -> 1,
              e.getKey().name()).isEmpty()) {
        jdbc.update("insert into cloud_tasks (task_id, spec, state, received_at) values"
            + " (?, ?, 'PENDING', ?)", e.getKey().name(), spec, Timestamp.from(now));
      }
    }
    for (CloudKey k : before.keySet()) {
      if (k.kind() == DesiredKind.TASK && !after.containsKey(k)) {
        // the cloud purged it (stopped and reported, or past its bound): nothing is stopped
        jdbc.update("update cloud_tasks set forgotten_at = ? where task_id = ?"
            + " and forgotten_at is null", Timestamp.from(now), k.name());
      }
    }
    jdbc.update("delete from cloud_tasks where forgotten_at < ?",
        Timestamp.from(now.minus(KEPT)));
  }

  /** After the apply committed: runs pending tasks and applies stops. Never throws. */
  void settle(Instant now) {
    try {
      for (Row r : rows()) {
        CloudTaskSpec.Result read = CloudTaskSpec.read(r.taskId(), SyncJson.read(
            r.spec().getBytes(StandardCharsets.UTF_8), JsonNode.class));
        if (read.problem().isPresent()) {
          // a rejected object never reaches the table; this is a row from an older hub version
          if (r.state().equals("PENDING")) {
            finish(r, "FAILED", read.problem().get(), now);
          } else {
            jdbc.update("update cloud_tasks set stop_pending = false where task_id = ?",
                r.taskId());
          }
          continue;
        }
        CloudTaskSpec spec = read.value();
        if (r.state().equals("PENDING")) {
          run(r, spec, now);
        } else if (spec.stop() != null) {
          if (r.state().equals("STARTED")) {
            stops.stop(r.taskId(), spec.stop().reason(), actor(spec.stop().by()), Event.CLOUD);
          }
          jdbc.update("update cloud_tasks set stop_pending = false, stop_applied_at = ?"
              + " where task_id = ?", Timestamp.from(now), r.taskId());
        }
      }
    } catch (RuntimeException e) {
      LOG.warnf(e, "one-off tasks from the cloud not settled; tried again at the next sync");
    }
  }

  private void run(Row r, CloudTaskSpec spec, Instant now) {
    if (tasks.find(r.taskId()).isPresent()) {
      // ran before a crash kept it from being marked: the id is the guard
      jdbc.update("update cloud_tasks set state = 'STARTED', started_at = ? where task_id = ?",
          Timestamp.from(now), r.taskId());
      return;
    }
    if (spec.stop() != null) {
      finish(r, "CANCELLED", "stopped through the cloud before it started", now);
      return;
    }
    String actor = actor(spec.requestedBy());
    try {
      RunTaskRequest req = spec.request();
      RunTaskRequest asked = new RunTaskRequest(revisionOf(spec.definition()), 1,
          req.overrides(), req.placementConstraints(), req.placementStrategy(), req.startedBy(),
          req.group(), null, null, req.launchType());
      StandaloneTasks.Outcome out = standalone.runFromCloud(asked, r.taskId(),
          spec.containerInstance(), actor);
      if (!out.taskIds().isEmpty()) {
        jdbc.update("update cloud_tasks set state = 'STARTED', started_at = ? where task_id = ?",
            Timestamp.from(now), r.taskId());
        return;
      }
      String why = out.failures().isEmpty() ? "no device took it"
          : out.failures().get(0).reason() + ": " + out.failures().get(0).detail();
      if (now.isAfter(r.receivedAt().plus(PLACEMENT_WINDOW))) {
        finish(r, "FAILED", "no device could take it within " + PLACEMENT_WINDOW.toMinutes()
            + " min: " + why, now);
      }
    } catch (StandaloneTasks.Refused e) {
      if (e.status() != 503) {
        finish(r, "FAILED", e.getMessage() + (e.violations().isEmpty() ? "" : ": "
            + e.violations().stream().map(v -> v.path() + ": " + v.reason()).toList()), now);
      }
    }
  }

  /**
   * The hub revision holding the cloud's definition: the newest ACTIVE revision of the family
   * with the same spec, else a new one registered from the cloud (the store may not have the
   * family at all).
   */
  private String revisionOf(TaskDefinition cloud) {
    TaskDefinition stored = cloud.withEffectiveNetworkMode();
    String hash = SpecHash.of(stored);
    List<TaskDefinitionStore.Revision> same = taskDefinitions.revisions(cloud.family()).stream()
        .filter(TaskDefinitionStore.Revision::active)
        .filter(rev -> SpecHash.of(rev.taskDefinition()).equals(hash)).toList();
    if (!same.isEmpty()) {
      return same.get(same.size() - 1).taskDefinition().ref();
    }
    return jdbc.inTransaction(() -> taskDefinitions.register(stored, ServiceStore.CLOUD).ref());
  }

  private void finish(Row r, String state, String why, Instant now) {
    jdbc.inTransaction(() -> {
      jdbc.update("update cloud_tasks set state = ?, stop_pending = false, failure = ?"
          + " where task_id = ?", state,
          why.length() > 4000 ? why.substring(0, 4000) : why, r.taskId());
      events.record(now, state.equals("FAILED") ? "cloud-task-failed" : "cloud-task-cancelled",
          Event.CLOUD, Event.CLOUD, Subject.task(null, r.taskId(), null), why,
          "one-off task " + r.taskId() + " from the cloud not run");
      return null;
    });
  }

  /** Pending rows, and rows whose stop is not applied yet. */
  private List<Row> rows() {
    return jdbc.query("select task_id, spec, state, received_at from cloud_tasks"
        + " where state = 'PENDING' or stop_pending order by received_at, task_id",
        rs -> new Row(rs.getString(1), rs.getString(2), rs.getString(3),
            rs.getTimestamp(4).toInstant()));
  }

  private static String actor(String by) {
    return by == null || by.isBlank() ? Event.CLOUD : by;
  }
}
