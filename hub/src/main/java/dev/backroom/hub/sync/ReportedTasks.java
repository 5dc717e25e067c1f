package dev.backroom.hub.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.backroom.ecs.shapes.TaskShapes;
import dev.backroom.hub.api.TaskStops;
import dev.backroom.hub.store.StandaloneTaskStore;
import dev.backroom.hub.store.StandaloneTaskStore.StandaloneTask;
import dev.backroom.hub.store.TaskRecord;
import dev.backroom.hub.store.TaskStore;
import dev.backroom.mqtt.message.ContainerStatus;
import dev.backroom.sync.wire.SyncJson;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The tasks a report batch carries (docs/sync-protocol.md, "Upstream: reports"): each task record
 * with its containers as its device last reported them, plus what the cloud needs to draw it as
 * the hub's own DescribeTasks does: a standalone task's {@code startedBy} and {@code group}, and
 * for a task taken off its device its {@code stopCode}, {@code stoppingAt} (when the hub stopped
 * a standalone task) and, once the device reported it stopped, {@code stoppedAt}.
 *
 * <p>Besides the tasks that belong in assignments, the tasks stopped within the last
 * {@link #STOPPED_WINDOW} go up, at most {@link #MAX_STOPPED} (the newest): ECS shows a stopped
 * task for about an hour, which is what {@code aws ecs wait tasks-stopped} and a pipeline reading
 * an exit code need, and the bound keeps a store with much churn from growing every batch.
 */
@ApplicationScoped
public class ReportedTasks {
  static final Duration STOPPED_WINDOW = Duration.ofHours(1);
  static final int MAX_STOPPED = 100;
  private static final ObjectMapper MAPPER = SyncJson.mapper();

  @Inject TaskStore tasks;
  @Inject StandaloneTaskStore standalone;

  public List<JsonNode> snapshot(Instant now) {
    List<TaskRecord> records = tasks.listReported(now.minus(STOPPED_WINDOW), MAX_STOPPED);
    Map<String, StandaloneTask> runTasks = standalone.findAll(records.stream()
        .filter(t -> t.serviceName() == null).map(TaskRecord::taskId).toList());
    return records.stream().map(t -> (JsonNode) view(t, runTasks.get(t.taskId()))).toList();
  }

  /** One task as reported; {@code s} its standalone row, null for a service task. */
  static ObjectNode view(TaskRecord t, StandaloneTask s) {
    ObjectNode o = MAPPER.valueToTree(t);
    if (s != null) {
      if (s.startedBy() != null) {
        o.put("startedBy", s.startedBy());
      }
      if (s.group() != null) {
        o.put("group", s.group());
      }
    }
    TaskStops.stopCode(t, s).ifPresent(code -> o.put("stopCode", code));
    if (TaskRecord.STOPPED.equals(t.desiredStatus()) && s != null && s.stoppedAt() != null) {
      o.set("stoppingAt", MAPPER.valueToTree(s.stoppedAt()));
    }
    if (TaskRecord.STOPPED.equals(t.lastStatus())) {
      o.set("stoppedAt", MAPPER.valueToTree(TaskShapes.stoppedAt(t.containers().stream()
          .map(ContainerStatus::finishedAt).toList(), s == null ? null : s.stoppedAt(),
          t.updatedAt())));
    }
    return o;
  }
}
