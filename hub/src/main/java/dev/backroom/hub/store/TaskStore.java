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

  public void updateSpec(String taskId, String family, int revision, String specHash, Instant now) {
    jdbc.update("update tasks set task_family = ?, task_revision = ?, spec_hash = ?,"
        + " last_status = 'PENDING', updated_at = ? where task_id = ?",
        family, revision, specHash, now, taskId);
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
   * Applies one device's report. Only rows of that device change, so a device cannot speak for
   * another's tasks. Stopped tasks absent from the report are gone from the device.
   */
  public void applyReport(String deviceId, long generation, List<TaskStatus> reported, Instant now) {
    jdbc.inTransaction(() -> {
      for (TaskStatus t : reported) {
        jdbc.update("update tasks set last_status = ?, health_status = ?, containers = ?,"
            + " reported_generation = ?, updated_at = ? where task_id = ? and device_id = ?"
            + " and spec_hash = ?", t.lastStatus(), t.healthStatus(), Json.write(t.containers()),
            generation, now, t.taskId(), deviceId, t.specHash());
      }
      Set<String> present = reported.stream().map(TaskStatus::taskId).collect(Collectors.toSet());
      for (TaskRecord gone : jdbc.query("select * from tasks where device_id = ?"
          + " and desired_status = 'STOPPED' and (last_status is null or last_status <> 'STOPPED')",
          TaskStore::map, deviceId)) {
        if (!present.contains(gone.taskId())) {
          jdbc.update("update tasks set last_status = 'STOPPED', updated_at = ? where task_id = ?",
              now, gone.taskId());
        }
      }
      return null;
    });
  }

  private static TaskRecord map(ResultSet rs) throws SQLException {
    String containers = rs.getString("containers");
    long gen = rs.getLong("reported_generation");
    return new TaskRecord(rs.getString("task_id"), rs.getString("service_name"),
        rs.getString("device_id"), rs.getString("task_family"), rs.getInt("task_revision"),
        rs.getString("spec_hash"), rs.getString("desired_status"), rs.getString("last_status"),
        rs.getString("health_status"), containers == null ? List.of() : parse(containers),
        rs.wasNull() ? null : gen, rs.getString("stopped_reason"),
        Jdbc.instant(rs, "created_at"), Jdbc.instant(rs, "updated_at"));
  }

  private static List<ContainerStatus> parse(String json) {
    try {
      return Json.mapper().readValue(json, CONTAINERS);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
