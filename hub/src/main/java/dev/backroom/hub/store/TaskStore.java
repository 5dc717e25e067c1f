package dev.backroom.hub.store;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.backroom.config.json.Json;
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
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Placed tasks and their reported state. */
@ApplicationScoped
public class TaskStore {
  private static final TypeReference<List<ContainerStatus>> CONTAINERS = new TypeReference<>() {};

  @Inject Jdbc jdbc;

  public void insertPlaced(String taskId, String service, String deviceId, String family,
      int revision, String specHash, Instant now) {
    jdbc.update("insert into tasks (task_id, service_name, device_id, task_family, task_revision,"
        + " spec_hash, desired_status, last_status, created_at, updated_at)"
        + " values (?, ?, ?, ?, ?, ?, 'RUNNING', 'PENDING', ?, ?)",
        taskId, service, deviceId, family, revision, specHash, now, now);
  }

  public void markStopped(String taskId, String reason, Instant now) {
    jdbc.update("update tasks set desired_status = 'STOPPED', stopped_reason = ?, updated_at = ?"
        + " where task_id = ?", reason, now, taskId);
  }

  /** Tasks that belong in assignments. */
  public List<TaskRecord> listActive() {
    return jdbc.query("select * from tasks where desired_status = 'RUNNING' order by task_id",
        TaskStore::map);
  }

  public List<TaskRecord> list(String desiredStatusOrNull, String serviceOrNull, int limit) {
    return jdbc.query("select * from tasks where (? is null or desired_status = ?)"
        + " and (? is null or service_name = ?) order by created_at desc, task_id limit ?",
        TaskStore::map, desiredStatusOrNull, desiredStatusOrNull, serviceOrNull, serviceOrNull, limit);
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
      Map<String, TaskRecord> mine = jdbc.query("select * from tasks where device_id = ?",
          TaskStore::map, deviceId).stream().collect(Collectors.toMap(TaskRecord::taskId, t -> t));
      boolean changed = false;
      for (TaskStatus t : reported) {
        TaskRecord before = mine.get(t.taskId());
        if (before == null || !before.specHash().equals(t.specHash())) {
          continue;
        }
        int restarts = t.containers() == null ? 0
            : t.containers().stream().mapToInt(ContainerStatus::restarts).sum();
        boolean running = TaskStatus.RUNNING.equals(t.lastStatus());
        Instant since = !running ? null
            : before.runningSince() == null || restarts > before.restarts() ? now : before.runningSince();
        changed |= !t.lastStatus().equals(before.lastStatus())
            || !java.util.Objects.equals(t.healthStatus(), before.healthStatus())
            || restarts != before.restarts() || !java.util.Objects.equals(since, before.runningSince());
        jdbc.update("update tasks set last_status = ?, health_status = ?, containers = ?,"
            + " reported_generation = ?, restarts = ?, running_since = ?, updated_at = ?"
            + " where task_id = ?", t.lastStatus(), t.healthStatus(), Json.write(t.containers()),
            generation, restarts, since, now, t.taskId());
      }
      Set<String> present = reported.stream().map(TaskStatus::taskId).collect(Collectors.toSet());
      for (TaskRecord gone : mine.values()) {
        if (TaskRecord.STOPPED.equals(gone.desiredStatus()) && !present.contains(gone.taskId())
            && !TaskRecord.STOPPED.equals(gone.lastStatus())) {
          jdbc.update("update tasks set last_status = 'STOPPED', running_since = null,"
              + " updated_at = ? where task_id = ?", now, gone.taskId());
        }
      }
      return changed;
    });
  }

  public Optional<TaskRecord> find(String taskId) {
    return jdbc.queryOne("select * from tasks where task_id = ?", TaskStore::map, taskId);
  }

  public boolean setHeld(String taskId, boolean held, Instant now) {
    return jdbc.update("update tasks set held = ?, updated_at = ? where task_id = ?"
        + " and desired_status = 'RUNNING'", held, now, taskId) == 1;
  }

  private static TaskRecord map(ResultSet rs) throws SQLException {
    String containers = rs.getString("containers");
    long gen = rs.getLong("reported_generation");
    return new TaskRecord(rs.getString("task_id"), rs.getString("service_name"),
        rs.getString("device_id"), rs.getString("task_family"), rs.getInt("task_revision"),
        rs.getString("spec_hash"), rs.getString("desired_status"), rs.getString("last_status"),
        rs.getString("health_status"), containers == null ? List.of() : parse(containers),
        rs.wasNull() ? null : gen, rs.getString("stopped_reason"),
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
