package dev.backroom.hub.api;

import dev.backroom.hub.audit.AuditTarget;
import dev.backroom.hub.auth.Actors;
import dev.backroom.hub.events.Event;
import dev.backroom.hub.events.EventStore.Subject;
import dev.backroom.hub.events.EventStore;
import dev.backroom.hub.runtime.ControlLoop;
import dev.backroom.hub.core.standalone.RunTaskReader;
import dev.backroom.hub.web.Roles;
import dev.backroom.hub.mqtt.HubMqtt;
import dev.backroom.hub.standalone.StandaloneTasks;
import dev.backroom.hub.store.StandaloneTaskStore.StandaloneTask;
import dev.backroom.hub.store.StandaloneTaskStore;
import dev.backroom.hub.store.TaskRecord;
import dev.backroom.hub.store.TaskStore;
import dev.backroom.hub.web.ActionRequest;
import dev.backroom.hub.web.ApiError;
import dev.backroom.mqtt.message.DeviceCommand;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * ECS ListTasks/DescribeTasks in one, RunTask (standalone tasks, outside any service) and
 * StopTask, plus the operator's hold and release.
 */
@Path("/api/v1/tasks")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.VIEWER)
public class TaskResource {
  @Inject TaskStore tasks;
  @Inject EventStore events;
  @Inject ControlLoop loop;
  @Inject Actors actors;
  @Inject HubMqtt mqtt;
  @Inject StandaloneTasks standaloneTasks;
  @Inject StandaloneTaskStore standalone;
  @Inject TaskStops stops;

  /**
   * {@code desiredStatus} defaults to RUNNING like ECS; pass STOPPED or ALL for history.
   * {@code family} and {@code startedBy} filter as ECS ListTasks does.
   */
  @GET
  public List<TaskView> list(@QueryParam("desiredStatus") @DefaultValue("RUNNING") String desired,
      @QueryParam("serviceName") String service,
      @QueryParam("family") String family,
      @QueryParam("startedBy") String startedBy,
      @QueryParam("limit") @DefaultValue("500") int limit) {
    String filter = "ALL".equalsIgnoreCase(desired) ? null : desired.toUpperCase();
    return views(tasks.list(filter, service, family, startedBy, Math.max(1, Math.min(limit, 5000))));
  }

  @GET
  @Path("{id}")
  public TaskView get(@PathParam("id") String id) {
    return view(id);
  }

  /**
   * ECS RunTask: starts {@code count} standalone tasks of a definition, with its container
   * overrides, outside any service. They run to completion: never restarted unless their
   * containers' restart policy says so, never replaced, never moved. Answers 200 with the tasks
   * started and a failure per device and reason for those no device could take.
   */
  @POST
  @RolesAllowed(Roles.OPERATOR)
  @Consumes(MediaType.APPLICATION_JSON)
  public RunTaskAnswer run(String body, @HeaderParam(ActionRequest.ACTOR_HEADER) String actor) {
    RunTaskReader.Result r = RunTaskReader.read(body == null ? "" : body);
    if (!r.ok()) {
      throw ApiError.invalid("RunTask request", r.violations());
    }
    StandaloneTasks.Outcome out;
    try {
      out = standaloneTasks.run(r.value(), actors.current(ActionRequest.actor(null, actor)));
    } catch (StandaloneTasks.Refused e) {
      throw switch (e.status()) {
        case 400 -> ApiError.invalid("RunTask request", e.violations());
        case 409 -> ApiError.conflict(e.getMessage());
        default -> ApiError.unavailable(e.getMessage());
      };
    }
    if (!out.taskIds().isEmpty()) {
      AuditTarget.set("tasks/" + String.join(",", out.taskIds()));
    }
    return new RunTaskAnswer(out.taskIds().stream().map(this::view).toList(), out.failures());
  }

  private TaskView view(String id) {
    TaskRecord t = tasks.find(id).orElseThrow(() -> ApiError.notFound("no task " + id));
    return new TaskView(t, t.serviceName() == null ? standalone.find(id).orElse(null) : null);
  }

  private List<TaskView> views(List<TaskRecord> list) {
    Map<String, StandaloneTask> extras = standalone.findAll(list.stream()
        .filter(t -> t.serviceName() == null).map(TaskRecord::taskId).toList());
    return list.stream().map(t -> new TaskView(t, extras.get(t.taskId()))).toList();
  }

  /** A held task is neither restarted by its agent nor replaced by the hub, even when stopped. */
  @POST
  @Path("{id}/hold")
  @RolesAllowed(Roles.OPERATOR)
  public TaskView hold(@PathParam("id") String id, ActionRequest body,
      @HeaderParam(ActionRequest.ACTOR_HEADER) String actor) {
    return setHeld(id, true, body, actor);
  }

  @POST
  @Path("{id}/release")
  @RolesAllowed(Roles.OPERATOR)
  public TaskView release(@PathParam("id") String id, ActionRequest body,
      @HeaderParam(ActionRequest.ACTOR_HEADER) String actor) {
    return setHeld(id, false, body, actor);
  }

  private TaskView setHeld(String id, boolean held, ActionRequest body, String header) {
    TaskRecord t = tasks.find(id).orElseThrow(() -> ApiError.notFound("no task " + id));
    Instant now = Instant.now();
    if (!tasks.setHeld(id, held, now)) {
      throw ApiError.conflict("task " + id + " is stopped; only running tasks can be held");
    }
    events.record(now, held ? "task-held" : "task-released",
        actors.current(ActionRequest.actor(body, header)),
        Event.LOCAL, Subject.task(t.serviceName(), id, t.deviceId()), ActionRequest.reason(body),
        "task " + id + (held ? " held" : " released"));
    loop.trigger();
    return view(id);
  }

  /**
   * Restarts the task in place: its device removes the task's containers and creates new ones
   * (new container ids, same task id and placement). Answers 202 once the command is sent; the
   * new container id arrives with the device's next status report.
   */
  @POST
  @Path("{id}/restart")
  @RolesAllowed(Roles.OPERATOR)
  public Response restart(@PathParam("id") String id, ActionRequest body,
      @HeaderParam(ActionRequest.ACTOR_HEADER) String actor) {
    TaskRecord t = running(id);
    Instant now = Instant.now();
    if (!mqtt.publishCommand(DeviceCommand.of(t.deviceId(), DeviceCommand.RESTART, null, id),
        now.toEpochMilli())) {
      throw ApiError.unavailable("the hub's MQTT client is not connected; try again");
    }
    events.record(now, "task-restart-requested", actors.current(ActionRequest.actor(body, actor)),
        Event.LOCAL,
        Subject.task(t.serviceName(), id, t.deviceId()), ActionRequest.reason(body),
        "task " + id + ": new containers requested on " + t.deviceId());
    return Response.accepted(t).build();
  }

  /**
   * ECS StopTask ({@link TaskStops}): its service places a replacement; a standalone task is not
   * replaced: it ends with stopCode UserInitiated and the given reason. 409 when already stopped.
   */
  @POST
  @Path("{id}/stop")
  @RolesAllowed(Roles.OPERATOR)
  public TaskView stop(@PathParam("id") String id, ActionRequest body,
      @HeaderParam(ActionRequest.ACTOR_HEADER) String actor) {
    TaskStops.Result r = stops.stop(id, ActionRequest.reason(body),
        actors.current(ActionRequest.actor(body, actor)));
    switch (r.outcome()) {
      case NOT_FOUND -> throw ApiError.notFound("no task " + id);
      case ALREADY_STOPPED -> throw ApiError.conflict("task " + id + " is stopped");
      default -> {
        return view(id);
      }
    }
  }

  private TaskRecord running(String id) {
    TaskRecord t = tasks.find(id).orElseThrow(() -> ApiError.notFound("no task " + id));
    if (!TaskRecord.RUNNING.equals(t.desiredStatus())) {
      throw ApiError.conflict("task " + id + " is stopped");
    }
    return t;
  }
}
