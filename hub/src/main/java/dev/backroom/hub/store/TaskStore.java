package dev.backroom.hub.store;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.backroom.config.json.Json;
import dev.backroom.jdbc.Jdbc;
import dev.backroom.mqtt.message.ContainerStatus;
import dev.backroom.mqtt.message.TaskStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Placed tasks and their reported state. */
@ApplicationScoped
public class TaskStore {
  private static final TypeReference<List<ContainerStatus>> CONTAINERS = new TypeReference<>() {};

  @Inject Jdbc jdbc;

  /** A task to insert as placed. */
  public record NewTask(String taskId, String service, String deviceId, String family,
      int revision, String specHash) {}

  /** Inserts placed tasks in one JDBC batch: a big placement is one round of statements. */
  public void insertPlaced(List<NewTask> placed, Instant now) {
    jdbc.batch("insert into tasks (task_id, service_name, device_id, task_family, task_revision,"
        + " spec_hash, desired_status, last_status, created_at, updated_at)"
        + " values (?, ?, ?, ?, ?, ?, 'RUNNING', 'PENDING', ?, ?)",
        placed.stream().map(t -> new Object[] {t.taskId(), t.service(), t.deviceId(), t.family(),
            t.revision(), t.specHash(), now, now}).toList());
  }

  /** Takes tasks out of their assignments; {@code reasons} maps task id to why. */
  public void markStopped(Map<String, String> reasons, Instant now) {
    jdbc.batch("update tasks set desired_status = 'STOPPED', stopped_reason = ?, updated_at = ?"
        + " where task_id = ?", reasons.entrySet().stream()
        .map(e -> new Object[] {e.getValue(), now, e.getKey()}).toList());
  }

  /**
   * Tasks that belong in assignments, without their container details (left empty): the control
   * loop reads these every pass and never needs them.
   */
  public List<TaskRecord> listActive() {
    return jdbc.query("select " + WITHOUT_CONTAINERS + " from tasks where desired_status = 'RUNNING'"
        + " order by task_id", rs -> map(rs, false));
  }

  public List<TaskRecord> listActive(String service) {
    return jdbc.query("select " + WITHOUT_CONTAINERS + " from tasks where desired_status = 'RUNNING'"
        + " and service_name = ? order by task_id", rs -> map(rs, false), service);
  }

  /**
   * What the cloud report carries: every task that belongs in an assignment, then the tasks
   * taken off their devices whose record changed at {@code stoppedSince} or later, newest first,
   * at most {@code maxStopped}; all with their containers.
   */
  public List<TaskRecord> listReported(Instant stoppedSince, int maxStopped) {
    List<TaskRecord> out = new java.util.ArrayList<>(jdbc.query("select * from tasks"
        + " where desired_status = 'RUNNING' order by task_id", TaskStore::map));
    out.addAll(jdbc.query("select * from tasks where desired_status = 'STOPPED'"
        + " and updated_at >= ? order by updated_at desc, task_id limit ?", TaskStore::map,
        stoppedSince, maxStopped));
    return out;
  }

  /** Every column but the containers CLOB, which H2 would otherwise copy into each result row. */
  private static final String WITHOUT_CONTAINERS = "task_id, service_name, device_id, task_family,"
      + " task_revision, spec_hash, desired_status, last_status, health_status, reported_generation,"
      + " stopped_reason, created_at, updated_at, held, running_since, restarts";

  public List<TaskRecord> list(String desiredStatusOrNull, String serviceOrNull, int limit) {
    return jdbc.query("select * from tasks where (? is null or desired_status = ?)"
        + " and (? is null or service_name = ?) order by created_at desc, task_id limit ?",
        TaskStore::map, desiredStatusOrNull, desiredStatusOrNull, serviceOrNull, serviceOrNull, limit);
  }

  /**
   * Tasks newest first, filtered as ECS ListTasks filters: any null filter matches all;
   * {@code startedBy} matches standalone tasks only.
   */
  public List<TaskRecord> list(String desiredStatusOrNull, String serviceOrNull,
      String familyOrNull, String startedByOrNull, int limit) {
    return jdbc.query("select t.* from tasks t left join standalone_tasks s on s.task_id = t.task_id"
        + " where (? is null or t.desired_status = ?) and (? is null or t.service_name = ?)"
        + " and (? is null or t.task_family = ?) and (? is null or s.started_by = ?)"
        + " order by t.created_at desc, t.task_id limit ?", TaskStore::map,
        desiredStatusOrNull, desiredStatusOrNull, serviceOrNull, serviceOrNull, familyOrNull,
        familyOrNull, startedByOrNull, startedByOrNull, limit);
  }

  /**
   * Ids of the tasks ECS ListTasks' filters match, in id order: any null filter matches all,
   * {@code startedBy} only standalone tasks. Ids only, so a listing can page over every match
   * by key without reading the tasks' container details.
   */
  public List<String> ids(String desiredStatusOrNull, String serviceOrNull, String familyOrNull,
      String startedByOrNull, String deviceOrNull) {
    return jdbc.query("select t.task_id from tasks t left join standalone_tasks s"
        + " on s.task_id = t.task_id where (? is null or t.desired_status = ?)"
        + " and (? is null or t.service_name = ?) and (? is null or t.task_family = ?)"
        + " and (? is null or s.started_by = ?) and (? is null or t.device_id = ?)"
        + " order by t.task_id", rs -> rs.getString(1),
        desiredStatusOrNull, desiredStatusOrNull, serviceOrNull, serviceOrNull, familyOrNull,
        familyOrNull, startedByOrNull, startedByOrNull, deviceOrNull, deviceOrNull);
  }

  /** One device's status report, as {@link #applyReports} takes them. */
  public record Report(String deviceId, long generation, List<TaskStatus> tasks) {}

  /**
   * Applies reports in arrival order in ONE transaction and returns whether any of them changed
   * something the control loop decides on. H2 writes every commit to disk at once
   * (WRITE_DELAY=0), so a commit per report was most of the hub's CPU while a thousand devices
   * acknowledged new assignments. All or nothing: on a failure nothing is applied and the
   * exception propagates (the caller may retry report by report).
   */
  public boolean applyReports(List<Report> reports, Instant now) {
    return jdbc.inTransaction(() -> {
      boolean changed = false;
      for (Report r : reports) {
        changed |= applyReport(r.deviceId(), r.generation(), r.tasks(), now);
      }
      return changed;
    });
  }

  /** The few columns of an active task that the API's counts and sums need. */
  public record ActiveTask(String serviceName, String deviceId, String taskFamily,
      int taskRevision, String lastStatus) {
    public boolean running() {
      return TaskRecord.RUNNING.equals(lastStatus);
    }
  }

  /**
   * Active tasks reduced to where they run and whether they run, unordered. The device and
   * service lists read these on every poll; at ten thousand tasks whole rows (timestamps and
   * all, sorted) cost several times more, and a poll competed with the control loop for the CPU.
   */
  public List<ActiveTask> listActiveBrief() {
    return jdbc.query("select service_name, device_id, task_family, task_revision, last_status"
        + " from tasks where desired_status = 'RUNNING'", rs -> new ActiveTask(rs.getString(1),
        rs.getString(2), rs.getString(3), rs.getInt(4), rs.getString(5)));
  }

  /**
   * Applies one device's report and returns whether anything the control loop decides on
   * changed. Only rows of that device change, so a device cannot speak for another's tasks; a
   * report for an older spec of a task is stale and ignored. {@code running_since} restarts
   * whenever a task is not RUNNING or its containers restarted, so health by grace period
   * counts only uninterrupted running.
   */
  public boolean applyReport(String deviceId, long generation, List<TaskStatus> reported, Instant now) {
    return jdbc.inTransaction(() -> {
      Map<String, Row> mine = jdbc.query("select task_id, spec_hash, desired_status, last_status,"
          + " health_status, containers, restarts, running_since, reported_generation from tasks"
          + " where device_id = ? and (desired_status = 'RUNNING' or last_status is null"
          + " or last_status <> 'STOPPED')", TaskStore::row, deviceId)
          .stream().collect(Collectors.toMap(Row::taskId, r -> r));
      boolean changed = false;
      for (TaskStatus t : reported) {
        Row before = mine.get(t.taskId());
        if (before == null || !before.specHash().equals(t.specHash())) {
          continue;
        }
        int restarts = t.containers() == null ? 0
            : t.containers().stream().mapToInt(ContainerStatus::restarts).sum();
        boolean running = TaskStatus.RUNNING.equals(t.lastStatus());
        Instant since = !running ? null
            : before.runningSince() == null || restarts > before.restarts() ? now : before.runningSince();
        boolean decisive = !t.lastStatus().equals(before.lastStatus())
            || !Objects.equals(t.healthStatus(), before.healthStatus())
            || restarts != before.restarts() || !Objects.equals(since, before.runningSince());
        String containers = Json.write(t.containers());
        // Periodic reports mostly repeat themselves; writing nothing then keeps an idle store idle.
        // A new generation alone is no change to a task either: after a reschedule nearly every
        // device reports a new generation in which its old tasks are as they were, and
        // rewriting each of those rows (and both of its index entries) was most of the
        // reschedule's database time. reported_generation is thus the generation of the report
        // that last changed the task.
        if (decisive || !containers.equals(before.containers())) {
          jdbc.update("update tasks set last_status = ?, health_status = ?, containers = ?,"
              + " reported_generation = ?, restarts = ?, running_since = ?, updated_at = ?"
              + " where task_id = ?", t.lastStatus(), t.healthStatus(), containers,
              generation, restarts, since, now, t.taskId());
        }
        changed |= decisive;
      }
      Set<String> present = reported.stream().map(TaskStatus::taskId).collect(Collectors.toSet());
      for (Row gone : mine.values()) {
        if (TaskRecord.STOPPED.equals(gone.desiredStatus()) && !present.contains(gone.taskId())
            && !TaskRecord.STOPPED.equals(gone.lastStatus())) {
          jdbc.update("update tasks set last_status = 'STOPPED', running_since = null,"
              + " updated_at = ? where task_id = ?", now, gone.taskId());
        }
      }
      return changed;
    });
  }

  /** What applying a report compares against. */
  private record Row(String taskId, String specHash, String desiredStatus, String lastStatus,
      String healthStatus, String containers, int restarts, Instant runningSince, Long generation) {}

  private static Row row(ResultSet rs) throws SQLException {
    long gen = rs.getLong("reported_generation");
    Long generation = rs.wasNull() ? null : gen;
    return new Row(rs.getString("task_id"), rs.getString("spec_hash"),
        rs.getString("desired_status"), rs.getString("last_status"), rs.getString("health_status"),
        rs.getString("containers"), rs.getInt("restarts"), Jdbc.instant(rs, "running_since"),
        generation);
  }

  /** Tasks taken off a device that it has not yet reported gone: it still runs them. */
  public List<String> staleOn(String deviceId) {
    return jdbc.query("select task_id from tasks where device_id = ? and desired_status = 'STOPPED'"
        + " and (last_status is null or last_status <> 'STOPPED') order by task_id",
        rs -> rs.getString(1), deviceId);
  }

  public Optional<TaskRecord> find(String taskId) {
    return jdbc.queryOne("select * from tasks where task_id = ?", TaskStore::map, taskId);
  }

  public boolean setHeld(String taskId, boolean held, Instant now) {
    return jdbc.update("update tasks set held = ?, updated_at = ? where task_id = ?"
        + " and desired_status = 'RUNNING'", held, now, taskId) == 1;
  }

  private static TaskRecord map(ResultSet rs) throws SQLException {
    return map(rs, true);
  }

  private static TaskRecord map(ResultSet rs, boolean withContainers) throws SQLException {
    String containers = withContainers ? rs.getString("containers") : null;
    long gen = rs.getLong("reported_generation");
    // wasNull() speaks of the column read last, so it is asked here, not among the arguments.
    Long generation = rs.wasNull() ? null : gen;
    return new TaskRecord(rs.getString("task_id"), rs.getString("service_name"),
        rs.getString("device_id"), rs.getString("task_family"), rs.getInt("task_revision"),
        rs.getString("spec_hash"), rs.getString("desired_status"), rs.getString("last_status"),
        rs.getString("health_status"), containers == null ? List.of() : parse(containers),
        generation, rs.getString("stopped_reason"),
        Jdbc.instant(rs, "created_at"), Jdbc.instant(rs, "updated_at"), rs.getBoolean("held"),
        Jdbc.instant(rs, "running_since"), rs.getInt("restarts"));
  }

  private static List<ContainerStatus> parse(String json) {
    try {
      return Json.mapper().readValue(json, CONTAINERS);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
