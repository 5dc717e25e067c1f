package dev.backroom.hub.standalone;

import dev.backroom.config.json.Json;
import dev.backroom.config.model.TaskDefinition;
import dev.backroom.config.validate.Violation;
import dev.backroom.hub.core.scheduler.Allocation;
import dev.backroom.hub.core.scheduler.DeviceSnapshot;
import dev.backroom.hub.core.scheduler.Placement;
import dev.backroom.hub.core.scheduler.Scheduler;
import dev.backroom.hub.core.scheduler.PlacementRequest;
import dev.backroom.hub.core.scheduler.SchedulerResult;
import dev.backroom.hub.core.scheduler.Unplaced;
import dev.backroom.hub.core.standalone.PlacementFailures;
import dev.backroom.hub.core.standalone.RunTaskFailure;
import dev.backroom.hub.core.standalone.RunTaskPlan;
import dev.backroom.hub.core.standalone.RunTaskReader;
import dev.backroom.hub.core.standalone.RunTaskRequest;
import dev.backroom.hub.events.Event;
import dev.backroom.hub.events.EventStore.Subject;
import dev.backroom.hub.events.EventStore;
import dev.backroom.hub.runtime.ControlLoop;
import dev.backroom.hub.runtime.CoreExecutor;
import dev.backroom.hub.runtime.ReconcilePass;
import dev.backroom.jdbc.Jdbc;
import dev.backroom.hub.store.StandaloneTaskStore;
import dev.backroom.hub.store.StandaloneTaskStore.StandaloneTask;
import dev.backroom.hub.store.TaskDefinitionStore;
import dev.backroom.hub.store.TaskRecord;
import dev.backroom.hub.store.TaskSpecs;
import dev.backroom.hub.store.TaskStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * ECS RunTask: resolves and plans the request, then places and records its tasks on the hub's
 * core thread, where the control loop also places, so a RunTask and a service never count on
 * the same free memory. Tasks that find no device are failures in the answer, never pending
 * (as in ECS). The control loop pass triggered afterwards publishes the assignments.
 */
@ApplicationScoped
public class StandaloneTasks {
  private static final long WAIT_SECONDS = 30;
  /**
   * How long a client token names the tasks it started: ECS gives RunTask's tokens 24 hours. A
   * token is a column of its tasks' rows, so there is nothing to purge; an older use is ignored.
   */
  public static final Duration TOKEN_TTL = Duration.ofHours(24);

  @Inject TaskDefinitionStore taskDefinitions;
  @Inject TaskStore tasks;
  @Inject StandaloneTaskStore standalone;
  @Inject TaskSpecs specs;
  @Inject ReconcilePass pass;
  @Inject CoreExecutor core;
  @Inject ControlLoop loop;
  @Inject EventStore events;
  @Inject Jdbc jdbc;

  private final SecureRandom random = new SecureRandom();

  /** The started tasks' ids, in placement order, and why the others could not start. */
  public record Outcome(List<String> taskIds, List<RunTaskFailure> failures) {}

  /** A request the hub refuses: 400 with violations, 409 or 503 with a message. */
  public static final class Refused extends RuntimeException {
    private final int status;
    private final List<Violation> violations;
    private final List<String> taskIds;

    Refused(int status, String message, List<Violation> violations) {
      this(status, message, violations, List.of());
    }

    Refused(int status, String message, List<Violation> violations, List<String> taskIds) {
      super(message);
      this.status = status;
      this.violations = List.copyOf(violations);
      this.taskIds = List.copyOf(taskIds);
    }

    static Refused invalid(List<Violation> violations) {
      return new Refused(400, "invalid RunTask request", violations);
    }

    public int status() {
      return status;
    }

    public List<Violation> violations() {
      return violations;
    }

    /** For a 409: the tasks the earlier request with the same client token started. */
    public List<String> taskIds() {
      return taskIds;
    }
  }

  /**
   * Runs {@code request}, read by {@link RunTaskReader}, for {@code actor}.
   *
   * @throws Refused 400 for an unknown or INACTIVE definition or overrides that do not fit it,
   *     409 for a client token reused with other parameters, 503 when the core thread is busy
   */
  public Outcome run(RunTaskRequest request, String actor) {
    return run(request, List.of(), List.of(), actor, Event.LOCAL);
  }

  /**
   * A one-off task the cloud asked for (a desired TASK object): one task with the cloud's
   * {@code taskId}, pinned to {@code device} when the cloud's StartTask named one, recorded
   * with origin cloud. The caller makes sure the id is not run twice.
   */
  public Outcome runFromCloud(RunTaskRequest request, String taskId, String device,
      String actor) {
    return run(request, device == null ? List.of() : List.of(device), List.of(taskId), actor,
        Event.CLOUD);
  }

  /**
   * ECS StartTask: like {@link #run}, one task pinned to each of {@code devices} (the request's
   * count is their number). A device that cannot take its task is a failure naming that device
   * and its own reason; the other devices' "pinned to" objections are left out.
   */
  public Outcome start(RunTaskRequest request, List<String> devices, String actor) {
    if (devices.isEmpty() || request.countOrDefault() != devices.size()) {
      throw new IllegalArgumentException("one task per device: count " + request.count()
          + ", devices " + devices);
    }
    return run(request, devices, List.of(), actor, Event.LOCAL);
  }

  /** {@code ids}: the tasks' ids when the caller gives them (the cloud's), else drawn here. */
  private Outcome run(RunTaskRequest request, List<String> pins, List<String> ids,
      String actor, String origin) {
    TaskDefinition base = resolve(request.taskDefinition());
    RunTaskPlan computed = RunTaskPlan.compute(request, base);
    if (!computed.ok()) {
      throw Refused.invalid(computed.violations());
    }
    RunTaskPlan plan = pins.isEmpty() ? computed : pinned(computed, pins);
    CompletableFuture<Outcome> done = new CompletableFuture<>();
    boolean queued = core.submit(() -> {
      try {
        done.complete(place(request, base, plan, ids, actor, origin, Instant.now()));
      } catch (RuntimeException e) {
        done.completeExceptionally(e);
      }
    });
    if (!queued) {
      throw new Refused(503, "the hub is busy or stopping; try again", List.of());
    }
    Outcome out;
    try {
      out = done.get(WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    } catch (TimeoutException e) {
      throw new Refused(503, "the hub did not place the tasks within " + WAIT_SECONDS
          + " s; list tasks by startedBy or client token before trying again", List.of());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Refused(503, "interrupted", List.of());
    }
    if (!out.taskIds().isEmpty()) {
      loop.trigger();
    }
    return out;
  }

  private TaskDefinition resolve(String ref) {
    TaskDefinition td = taskDefinitions.resolve(ref).orElseThrow(() -> Refused.invalid(List.of(
        new Violation("taskDefinition", ref.contains(":")
            ? "no registered task definition " + ref
            : "no ACTIVE revision of task definition family " + ref))));
    TaskDefinitionStore.Revision rev = taskDefinitions.revision(td.family(), td.revision())
        .orElseThrow();
    if (!rev.active()) {
      throw Refused.invalid(List.of(new Violation("taskDefinition", td.ref() + " is INACTIVE"
          + " (deregistered at " + rev.deregisteredAt() + "): it starts no new tasks; run an"
          + " ACTIVE revision")));
    }
    return td;
  }

  /** On the core thread: idempotency, then placement and one transaction of rows and events. */
  private Outcome place(RunTaskRequest request, TaskDefinition base, RunTaskPlan plan,
      List<String> givenIds, String actor, String origin, Instant now) {
    if (request.clientToken() != null) {
      List<StandaloneTask> earlier = standalone.byClientToken(request.clientToken(),
          now.minus(TOKEN_TTL));
      if (!earlier.isEmpty()) {
        if (!earlier.get(0).requestDigest().equals(plan.digest())) {
          List<String> ids = earlier.stream().map(StandaloneTask::taskId).toList();
          throw new Refused(409, "clientToken " + request.clientToken() + " was used by a"
              + " RunTask request with other parameters (tasks " + String.join(", ", ids) + ")",
              List.of(), ids);
        }
        return new Outcome(earlier.stream().map(StandaloneTask::taskId).toList(), List.of());
      }
    }
    List<DeviceSnapshot> devices = pass.snapshots();
    SchedulerResult result = Scheduler.place(plan.requests(), devices, allocations(), random.nextLong());
    List<TaskStore.NewTask> rows = new ArrayList<>();
    List<StandaloneTask> extras = new ArrayList<>();
    String overrides = request.overrides() == null ? null
        : Json.write(request.overrides());
    for (Placement p : result.placed()) {
      String taskId = rows.size() < givenIds.size() ? givenIds.get(rows.size())
          : "run-" + HexFormat.of().toHexDigits(random.nextLong());
      rows.add(new TaskStore.NewTask(taskId, null, p.deviceId(), base.family(), base.revision(),
          plan.specHash()));
      extras.add(new StandaloneTask(taskId, request.startedBy(), plan.group(),
          request.clientToken(), plan.digest(), plan.definition(), overrides, null, null));
    }
    jdbc.inTransaction(() -> {
      tasks.insertPlaced(rows, now);
      standalone.insert(extras, now);
      for (TaskStore.NewTask t : rows) {
        events.record(now, "task-run", actor, origin,
            Subject.task(null, t.taskId(), t.deviceId()), request.startedBy(),
            "standalone task " + t.taskId() + " of " + base.ref() + " (group " + plan.group()
                + ") started on " + t.deviceId());
      }
      return null;
    });
    return new Outcome(rows.stream().map(TaskStore.NewTask::taskId).toList(),
        PlacementFailures.of(pinnedOnly(plan, result.unplaced())));
  }

  /** The plan with request i pinned to device i. */
  private static RunTaskPlan pinned(RunTaskPlan plan, List<String> devices) {
    List<PlacementRequest> requests = new ArrayList<>();
    for (int i = 0; i < plan.requests().size(); i++) {
      PlacementRequest r = plan.requests().get(i);
      requests.add(new PlacementRequest(r.requestId(), r.serviceName(), r.taskDefinition(),
          r.constraints(), r.strategies(), devices.get(i)));
    }
    return new RunTaskPlan(plan.definition(), plan.specHash(), plan.group(), plan.digest(),
        List.copyOf(requests), List.of());
  }

  /**
   * A pinned request's objections reduced to its own device's: every other device only says
   * "pinned to". A device the scheduler does not know at all is not schedulable, in the
   * scheduler's words, so that it reads as an AGENT failure.
   */
  private static List<Unplaced> pinnedOnly(RunTaskPlan plan, List<Unplaced> unplaced) {
    Map<String, String> pins = new HashMap<>();
    plan.requests().stream().filter(r -> r.pinnedDeviceId() != null)
        .forEach(r -> pins.put(r.requestId(), r.pinnedDeviceId()));
    if (pins.isEmpty()) {
      return unplaced;
    }
    return unplaced.stream().map(u -> {
      String pin = pins.get(u.requestId());
      String why = u.reasonByDevice().getOrDefault(pin,
          "not schedulable: device " + pin + " is not known to the hub's scheduler");
      return new Unplaced(u.requestId(), u.serviceName(), Map.of(pin, why));
    }).toList();
  }

  /**
   * What the tasks that stay already hold, host ports included. A standalone task counts under its group's key, so a
   * distinctInstance RunTask keeps clear of its group's earlier tasks.
   */
  private List<Allocation> allocations() {
    List<TaskRecord> active = tasks.listActive();
    Map<String, StandaloneTask> extras = standalone.findAll(active.stream()
        .filter(t -> t.serviceName() == null).map(TaskRecord::taskId).toList());
    List<Allocation> out = new ArrayList<>(active.size());
    for (TaskRecord t : active) {
      TaskDefinition td = specs.of(t);
      StandaloneTask s = extras.get(t.taskId());
      String key = s != null ? RunTaskPlan.schedulerKey(s.group()) : t.serviceName();
      // Ports included: a RunTask must not land where its host ports are already bound.
      out.add(Allocation.of(t.taskId(), key, t.deviceId(), td));
    }
    return out;
  }
}
