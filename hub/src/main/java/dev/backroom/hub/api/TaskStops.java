package dev.backroom.hub.api;

import dev.backroom.hub.events.Event;
import dev.backroom.hub.events.EventStore;
import dev.backroom.hub.events.EventStore.Subject;
import dev.backroom.hub.runtime.ControlLoop;
import dev.backroom.hub.store.StandaloneTaskStore;
import dev.backroom.hub.store.TaskRecord;
import dev.backroom.hub.store.TaskStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * ECS StopTask, for the REST API and the ECS endpoint alike: the task leaves its device's
 * assignment. A service places a replacement for its task; a standalone task is not replaced and
 * ends with stopCode UserInitiated. Either way the stop is a {@code task-stopped} event by the
 * caller, and the control loop is woken to tell the device.
 */
@ApplicationScoped
public class TaskStops {
  /**
   * How a service task's stopped reason starts when a user stopped it: the hub keeps no stop code
   * for service tasks, so this is how the ECS view tells UserInitiated from the scheduler's stops
   * (which start with their own words: "scale down", "drain:", "daemon:").
   */
  public static final String SERVICE_TASK_STOPPED_BY = "stopped by ";

  /** ECS's stop code of a service task the scheduler stopped (scale down, deployment, drain). */
  public static final String SERVICE_SCHEDULER_INITIATED = "ServiceSchedulerInitiated";

  @Inject TaskStore tasks;
  @Inject StandaloneTaskStore standalone;
  @Inject EventStore events;
  @Inject ControlLoop loop;

  public enum Outcome {
    /** Stopped now. */
    STOPPED,
    /** It was already stopped; nothing changed. */
    ALREADY_STOPPED,
    /** No such task. */
    NOT_FOUND
  }

  /** What happened, and the task as it is afterwards (null when not found). */
  public record Result(Outcome outcome, TaskRecord task) {}

  /**
   * Stops task {@code id} for {@code who}.
   *
   * @param reason the caller's words, null or blank for none: a standalone task's stopped reason
   *     ("Task stopped by WHO" without), added to a service task's ("stopped by WHO: reason")
   */
  public Result stop(String id, String reason, String who) {
    return stop(id, reason, who, Event.LOCAL);
  }

  /** As {@link #stop(String, String, String)}, the event with {@code origin} (cloud: a cloud StopTask). */
  public Result stop(String id, String reason, String who, String origin) {
    TaskRecord t = tasks.find(id).orElse(null);
    if (t == null) {
      return new Result(Outcome.NOT_FOUND, null);
    }
    if (!TaskRecord.RUNNING.equals(t.desiredStatus())) {
      return new Result(Outcome.ALREADY_STOPPED, t);
    }
    Instant now = Instant.now();
    boolean given = reason != null && !reason.isBlank();
    if (t.serviceName() == null) {
      tasks.markStopped(Map.of(id, given ? reason : "Task stopped by " + who), now);
      standalone.markStopped(Map.of(id, StandaloneTaskStore.USER_INITIATED), now);
    } else {
      tasks.markStopped(Map.of(id, SERVICE_TASK_STOPPED_BY + who + (given ? ": " + reason : "")),
          now);
    }
    events.record(now, "task-stopped", who, origin,
        Subject.task(t.serviceName(), id, t.deviceId()), given ? reason : null,
        "task " + id + " stopped on request");
    loop.trigger();
    return new Result(Outcome.STOPPED, tasks.find(id).orElseThrow());
  }

  /**
   * ECS's stop code of a task, as the hub's DescribeTasks and its cloud report show it: a
   * standalone task's stored code ({@code s} is its row); a stopped service task's is
   * UserInitiated when a user stopped it (its reason starts with {@link #SERVICE_TASK_STOPPED_BY}),
   * else the scheduler's. None while the task should run.
   */
  public static Optional<String> stopCode(TaskRecord t, StandaloneTaskStore.StandaloneTask s) {
    if (s != null) {
      return Optional.ofNullable(s.stopCode());
    }
    if (!TaskRecord.STOPPED.equals(t.desiredStatus())) {
      return Optional.empty();
    }
    return Optional.of(t.stoppedReason() != null
        && t.stoppedReason().startsWith(SERVICE_TASK_STOPPED_BY)
        ? StandaloneTaskStore.USER_INITIATED : SERVICE_SCHEDULER_INITIATED);
  }
}
