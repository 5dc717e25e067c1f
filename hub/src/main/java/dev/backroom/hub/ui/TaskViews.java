package dev.backroom.hub.ui;

import dev.backroom.config.model.ContainerDefinition;
import dev.backroom.hub.events.Event;
import dev.backroom.hub.events.EventStore;
import dev.backroom.hub.store.ServiceStore;
import dev.backroom.hub.store.TaskDefinitionStore;
import dev.backroom.hub.store.TaskRecord;
import dev.backroom.hub.store.TaskStore;
import dev.backroom.mqtt.message.ContainerStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the tasks page, a task's page and the missing-task page show, from the hub's stores. */
@ApplicationScoped
public class TaskViews {
  static final int LIMIT = 5000;
  /** A service's task id: the service's name, a dash, eight hex digits (PlacementApplier). */
  private static final Pattern SERVICE_TASK = Pattern.compile("(.+)-[0-9a-f]{8}");

  @Inject TaskStore tasks;
  @Inject ServiceStore services;
  @Inject TaskDefinitionStore definitions;
  @Inject EventStore events;

  /** One container on a task's page, its times and exit in words. */
  public record ContainerRow(ContainerStatus c, String shortId, String started,
      String finished, int restarts, String lastExit) {}

  public record TaskPage(TaskRecord t, String state, int restarts, String containerId,
      String shortContainerId, String running, String health, String healthMeaning,
      List<ContainerRow> containers, List<Event> events) {}

  /** Where a missing task's page points: the service's current tasks, or all tasks. */
  public record Missing(String taskId, String service, String href) {}

  public List<TaskRow> list(TaskFilter f) {
    Instant now = Instant.now();
    return tasks.list(null, f.service(), LIMIT).stream().map(t -> row(t, now))
        .filter(f::matches).toList();
  }

  public List<String> serviceNames() {
    return services.list().stream().map(s -> s.spec().serviceName()).sorted().toList();
  }

  TaskRow row(TaskRecord t, Instant now) {
    Instant started = TaskState.containers(t).stream().map(c -> instant(c.startedAt()))
        .filter(Objects::nonNull).max(Comparator.naturalOrder()).orElse(null);
    Integer exit = TaskState.containers(t).stream().map(TaskViews::lastExitCode)
        .filter(Objects::nonNull).findFirst().orElse(null);
    return new TaskRow(t.taskId(), t.serviceName(), t.deviceId(), t.taskDefinitionRef(),
        TaskState.of(t), t.healthStatus() == null ? "UNKNOWN" : t.healthStatus(),
        TaskState.restarts(t), started == null ? "-" : UiFormat.clock(started, now),
        exit == null ? "-" : TaskState.exit(exit));
  }

  public Optional<TaskPage> task(String id) {
    Instant now = Instant.now();
    return tasks.find(id).map(t -> {
      List<ContainerStatus> cs = TaskState.containers(t);
      String first = cs.isEmpty() ? null : cs.get(0).containerId();
      boolean checked = definitions.find(t.taskFamily(), t.taskRevision()).stream()
          .flatMap(d -> d.containers().stream()).map(ContainerDefinition::healthCheck)
          .anyMatch(Objects::nonNull);
      String health = t.healthStatus() == null ? "UNKNOWN" : t.healthStatus();
      List<ContainerRow> rows = cs.stream().map(c -> new ContainerRow(c,
          UiFormat.shortId(c.containerId()), time(c.startedAt(), now), time(c.finishedAt(), now),
          c.restartsShown(), TaskState.exit(lastExitCode(c)))).toList();
      return new TaskPage(t, TaskState.of(t), TaskState.restarts(t), first == null ? "-" : first,
          UiFormat.shortId(first), t.runningSince() == null ? "-"
          : "for " + UiFormat.age(t.runningSince(), now), health,
          TaskState.healthMeaning(health, checked), rows, events.list(null, id, null, null, null, 50));
    });
  }

  /**
   * A task id the hub does not know (a task replaced and since pruned, a mistyped link): its
   * service's current tasks when the id names a known service, else all tasks.
   */
  public Missing missing(String id) {
    Matcher m = SERVICE_TASK.matcher(id == null ? "" : id);
    if (m.matches() && services.find(m.group(1)).isPresent()) {
      return new Missing(id, m.group(1), "/tasks?service=" + m.group(1));
    }
    return new Missing(id, null, "/tasks");
  }

  /** The exit code of a container that exited, else of the run its restart followed. */
  static Integer lastExitCode(ContainerStatus c) {
    return c.exitCode() != null ? c.exitCode() : c.lastExitCode();
  }

  private static String time(String iso, Instant now) {
    Instant t = instant(iso);
    return t == null ? "-" : UiFormat.clock(t, now);
  }

  private static Instant instant(String iso) {
    if (iso == null) {
      return null;
    }
    try {
      return Instant.parse(iso);
    } catch (DateTimeParseException e) {
      return null; // an agent's time the hub cannot read shows as unknown
    }
  }
}
