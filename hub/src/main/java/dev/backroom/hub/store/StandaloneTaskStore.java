package dev.backroom.hub.store;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import dev.backroom.config.json.Json;
import dev.backroom.config.model.TaskDefinition;
import dev.backroom.jdbc.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What standalone tasks (ECS RunTask) have beyond their row in {@code tasks}. A row is written
 * once with its task and changes only when the task stops; the effective definition never
 * changes, so it is cached.
 */
@ApplicationScoped
public class StandaloneTaskStore {
  /** ECS's stop code of a task stopped through the API (StopTask). */
  public static final String USER_INITIATED = "UserInitiated";

  @Inject Jdbc jdbc;

  private final Map<String, TaskDefinition> definitions = new ConcurrentHashMap<>();

  /**
   * One standalone task's own fields. {@code overrides} is the request's overrides as JSON text
   * (null without any); {@code definition} is what the device runs.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record StandaloneTask(String taskId, String startedBy, String group,
      @JsonIgnore String clientToken, @JsonIgnore String requestDigest,
      @JsonIgnore TaskDefinition definition, @JsonRawValue String overrides, String stopCode,
      Instant stoppedAt) {}

  /** Inserts the rows of tasks placed by one request; call inside the tasks' transaction. */
  public void insert(List<StandaloneTask> placed, Instant now) {
    jdbc.batch("insert into standalone_tasks (task_id, started_by, task_group, client_token,"
        + " request_digest, definition, overrides, created_at) values (?, ?, ?, ?, ?, ?, ?, ?)",
        placed.stream().map(t -> new Object[] {t.taskId(), t.startedBy(), t.group(),
            t.clientToken(), t.requestDigest(), Json.write(t.definition()), t.overrides(), now})
            .toList());
    placed.forEach(t -> definitions.put(t.taskId(), t.definition()));
  }

  public Optional<StandaloneTask> find(String taskId) {
    return jdbc.queryOne("select * from standalone_tasks where task_id = ?",
        StandaloneTaskStore::map, taskId);
  }

  /** The standalone ones among {@code taskIds}, by task id. */
  public Map<String, StandaloneTask> findAll(Collection<String> taskIds) {
    Map<String, StandaloneTask> out = new HashMap<>();
    if (taskIds.isEmpty()) {
      return out;
    }
    jdbc.query("select * from standalone_tasks where task_id = any(?)", StandaloneTaskStore::map,
        (Object) taskIds.toArray(new String[0])).forEach(t -> out.put(t.taskId(), t));
    return out;
  }

  /**
   * The tasks an earlier request with this client token started at or after {@code since}, by
   * task id. Read from H2 on each call, so a token outlives a hub restart; an older use of the
   * token is not matched (its rows stay, as the tasks' history).
   */
  public List<StandaloneTask> byClientToken(String token, Instant since) {
    return jdbc.query("select * from standalone_tasks where client_token = ? and created_at >= ?"
        + " order by task_id", StandaloneTaskStore::map, token, since);
  }

  /** The definition a standalone task runs (overrides applied), or empty for any other task. */
  public Optional<TaskDefinition> definition(String taskId) {
    TaskDefinition hit = definitions.get(taskId);
    if (hit != null) {
      return Optional.of(hit);
    }
    Optional<TaskDefinition> td = jdbc.queryOne(
        "select definition from standalone_tasks where task_id = ?",
        rs -> Json.read(rs.getString(1), TaskDefinition.class), taskId);
    td.ifPresent(t -> definitions.put(taskId, t));
    return td;
  }

  /** Records how tasks stopped; {@code codes} maps task id to ECS stop code. First stop wins. */
  public void markStopped(Map<String, String> codes, Instant now) {
    jdbc.batch("update standalone_tasks set stop_code = ?, stopped_at = ? where task_id = ?"
        + " and stopped_at is null", codes.entrySet().stream()
        .map(e -> new Object[] {e.getValue(), now, e.getKey()}).toList());
  }

  private static StandaloneTask map(ResultSet rs) throws SQLException {
    return new StandaloneTask(rs.getString("task_id"), rs.getString("started_by"),
        rs.getString("task_group"), rs.getString("client_token"), rs.getString("request_digest"),
        Json.read(rs.getString("definition"), TaskDefinition.class), rs.getString("overrides"),
        rs.getString("stop_code"), Jdbc.instant(rs, "stopped_at"));
  }
}
