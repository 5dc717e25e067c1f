package dev.backroom.cloud.ecs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.backroom.cloud.config.CloudConfig;
import dev.backroom.cloud.desired.DesiredService;
import dev.backroom.cloud.desired.DesiredStore;
import dev.backroom.cloud.reports.ReportStore;
import dev.backroom.ecs.arn.Arns;
import dev.backroom.ecs.wire.EcsError;
import dev.backroom.ecs.wire.EcsJson;
import dev.backroom.ecs.wire.EcsRequest;
import dev.backroom.jdbc.Jdbc;
import dev.backroom.sync.desired.DesiredObject;
import dev.backroom.sync.selector.LabelSelector;
import dev.backroom.sync.wire.DesiredKind;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The cloud's one-off tasks after RunTask: StopTask (the object gets a {@code stop}, an UPSERT
 * the store's hub applies with the hub's own StopTask), client tokens, and the purge that keeps
 * finished tasks' objects from piling up: an object goes once its store reports the task
 * stopped, or no longer reports a task it reported before (hubs report the tasks their devices
 * should run), and in any case {@code backroom.cloud.ecs.task-retention} after RunTask. A purge
 * is a DELETE change, which a hub takes as "forget", never as a stop.
 */
@ApplicationScoped
public class CloudTaskObjects {
  private static final Logger LOG = Logger.getLogger(CloudTaskObjects.class);

  @Inject Clusters clusters;
  @Inject ReportedStores reported;
  @Inject ReportStore reports;
  @Inject DesiredStore desired;
  @Inject DesiredService writes;
  @Inject CloudConfig config;
  @Inject Clock clock;
  @Inject
  @Named("cloud")
  Jdbc jdbc;

  private ScheduledExecutorService sweeper;

  /** A client token's first request: its digest and the answer it got. */
  record Token(String digest, JsonNode answer) {}

  void startSweeper(@Observes StartupEvent e) {
    sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "ecs-task-purge");
      t.setDaemon(true);
      return t;
    });
    long ms = config.ecs().taskSweepInterval().toMillis();
    sweeper.scheduleWithFixedDelay(this::purgeSafely, ms, ms, TimeUnit.MILLISECONDS);
  }

  void stopSweeper(@Observes ShutdownEvent e) {
    if (sweeper != null) {
      sweeper.shutdownNow();
    }
  }

  ObjectNode stop(EcsRequest r, EcsCaller caller) {
    Clusters.Cluster cluster = clusters.require(r.string("cluster").orElse("default"));
    String ref = r.requiredString("task");
    ReportedStores.LocalId id = reported.resolve(cluster, Arns.Kind.TASK, ref)
        .orElseThrow(() -> EcsError.invalidParameter("The referenced task was not found."));
    LabelSelector selector = LabelSelector.forStore(id.storeId());
    Optional<DesiredObject> object = desired.withSelector(DesiredKind.TASK, selector).stream()
        .filter(o -> o.name().equals(id.id())).findFirst();
    Optional<JsonNode> reportedTask = reportedTask(id.storeId(), id.id());
    if (object.isEmpty()) {
      if (reportedTask.isPresent()) {
        throw EcsError.client("StopTask through the cloud stops the one-off tasks the cloud"
            + " started; task " + ref + " was started on store " + id.storeId() + "'s hub (a"
            + " service's tasks follow its desired count, which UpdateService sets here). Stop"
            + " it on that hub (https://<hub>/ecs, with --cluster " + id.storeId() + ").");
      }
      throw EcsError.invalidParameter("The referenced task was not found.");
    }
    ObjectNode spec = object.get().spec().deepCopy();
    if (!spec.hasNonNull("stop")) {
      ObjectNode stop = spec.putObject("stop").put("by", caller.owner());
      r.string("reason").filter(s -> !s.isBlank()).ifPresent(s -> stop.put("reason", s));
      stop.put("at", clock.instant().toString());
      writes.put(DesiredKind.TASK, id.id(), selector, spec);
    }
    String last = reportedTask.map(t -> t.path("lastStatus").asText("PENDING"))
        .orElse("PROVISIONING");
    ObjectNode out = EcsJson.mapper().createObjectNode();
    out.set("task", CloudTaskShapes.fromSpec(clusters.arns(), cluster, id.storeId(), id.id(),
        spec, last));
    return out;
  }

  Optional<Token> token(String token) {
    return jdbc.queryOne("SELECT digest, answer FROM ecs_run_tokens WHERE client_token = ?",
        rs -> new Token(rs.getString(1), tree(rs.getString(2))), token);
  }

  void saveToken(String token, String digest, JsonNode answer, Instant now) {
    jdbc.update("INSERT INTO ecs_run_tokens (client_token, digest, answer, created_ms)"
        + " VALUES (?, ?, ?, ?)", token, digest, answer.toString(), now.toEpochMilli());
  }

  void created(String storeId, String taskId, String cluster, Instant now) {
    jdbc.update("INSERT INTO ecs_cloud_tasks (store_id, task_id, cluster, created_ms)"
        + " VALUES (?, ?, ?, ?)", storeId, taskId, cluster, now.toEpochMilli());
  }

  private record Row(String storeId, String taskId, long createdMs, Long seenMs) {}

  private void purgeSafely() {
    try {
      purge(clock.instant());
    } catch (RuntimeException e) {
      LOG.warn("one-off task objects not purged; tried again at the next sweep", e);
    }
  }

  /** Purges what is finished or past the retention; returns how many objects went. */
  int purge(Instant now) {
    long bound = now.minus(config.ecs().taskRetention()).toEpochMilli();
    jdbc.update("DELETE FROM ecs_run_tokens WHERE created_ms < ?", bound);
    List<Row> rows = jdbc.query("SELECT store_id, task_id, created_ms, seen_ms"
        + " FROM ecs_cloud_tasks ORDER BY store_id, task_id", rs -> new Row(rs.getString(1),
            rs.getString(2), rs.getLong(3), (Long) rs.getObject(4, Long.class)));
    int purged = 0;
    java.util.Map<String, JsonNode> tasksByStore = new java.util.HashMap<>();
    for (Row row : rows) {
      JsonNode storeTasks = tasksByStore.computeIfAbsent(row.storeId(), s -> reports.view(s, 0)
          .map(ReportStore.ReportView::tasks).orElse(EcsJson.mapper().createArrayNode()));
      Optional<JsonNode> t = find(storeTasks, row.taskId());
      boolean stopped = t.map(n -> "STOPPED".equals(n.path("lastStatus").asText())
          || "STOPPED".equals(n.path("desiredStatus").asText())).orElse(row.seenMs() != null);
      if (stopped || row.createdMs() < bound) {
        writes.delete(DesiredKind.TASK, row.taskId(), LabelSelector.forStore(row.storeId()));
        jdbc.update("DELETE FROM ecs_cloud_tasks WHERE store_id = ? AND task_id = ?",
            row.storeId(), row.taskId());
        purged++;
      } else if (t.isPresent() && row.seenMs() == null) {
        jdbc.update("UPDATE ecs_cloud_tasks SET seen_ms = ? WHERE store_id = ? AND task_id = ?",
            now.toEpochMilli(), row.storeId(), row.taskId());
      }
    }
    return purged;
  }

  /** The task as its store last reported it, if it did. */
  private Optional<JsonNode> reportedTask(String storeId, String taskId) {
    return reports.view(storeId, 0).flatMap(v -> find(v.tasks(), taskId));
  }

  private static Optional<JsonNode> find(JsonNode tasks, String taskId) {
    for (JsonNode t : tasks) {
      if (taskId.equals(t.path("taskId").asText())) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  private static JsonNode tree(String json) {
    try {
      return EcsJson.mapper().readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException("stored answer is not JSON", e);
    }
  }
}
