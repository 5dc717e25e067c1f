package dev.backroom.hub.api;

import dev.backroom.config.model.TaskDefinition;
import dev.backroom.hub.devices.DeviceRegistry;
import dev.backroom.hub.devices.DeviceState;
import dev.backroom.hub.store.TaskDefinitionStore;
import dev.backroom.hub.store.TaskRecord;
import dev.backroom.hub.store.TaskStore;
import dev.backroom.mqtt.message.Capabilities;
import jakarta.inject.Inject;
import dev.backroom.hub.devices.DeviceControl;
import dev.backroom.hub.devices.DeviceControlStore;
import dev.backroom.hub.events.Event;
import dev.backroom.hub.events.EventStore;
import dev.backroom.hub.runtime.ControlLoop;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** ECS DescribeContainerInstances for the store: every device, its liveness and resources. */
@Path("/api/v1/devices")
@Produces(MediaType.APPLICATION_JSON)
public class DeviceResource {
  @Inject DeviceRegistry devices;
  @Inject TaskStore tasks;
  @Inject TaskDefinitionStore taskDefinitions;
  @Inject DeviceControlStore controls;
  @Inject EventStore events;
  @Inject ControlLoop loop;
  @Inject dev.backroom.hub.devices.DeviceOffences offences;
  @Inject dev.backroom.hub.enrollment.EnrollmentService enrollment;
  @Inject dev.backroom.hub.enrollment.DeviceCredentialStore credentials;

  @GET
  public List<DeviceView> list() {
    Instant now = Instant.now();
    Map<String, List<TaskRecord>> byDevice = tasks.listActive().stream()
        .collect(Collectors.groupingBy(TaskRecord::deviceId));
    Map<String, DeviceControl> ctl = controls.all();
    java.util.Set<String> revoked = credentials.list().stream()
        .filter(dev.backroom.hub.enrollment.DeviceCredential::revoked)
        .map(dev.backroom.hub.enrollment.DeviceCredential::deviceId)
        .collect(Collectors.toSet());
    return devices.all().stream().map(d -> view(d, ctl.get(d.deviceId()),
        byDevice.getOrDefault(d.deviceId(), List.of()), now, revoked)).toList();
  }

  @GET
  @Path("{id}")
  public DeviceView get(@PathParam("id") String id) {
    return list().stream().filter(d -> d.deviceId().equals(id)).findFirst()
        .orElseThrow(() -> ApiError.notFound("no device " + id));
  }

  /** Freezes the device: its tasks are neither restarted, replaced nor moved; nothing new lands. */
  @POST
  @Path("{id}/hold")
  public DeviceView hold(@PathParam("id") String id, ActionRequest body,
      @HeaderParam(ActionRequest.ACTOR_HEADER) String actor) {
    return act(id, "device-held", body, actor, (who, now) ->
        controls.hold(id, who, ActionRequest.reason(body), now));
  }

  /** Moves the device's tasks elsewhere first, then keeps it unschedulable until released. */
  @POST
  @Path("{id}/drain")
  public DeviceView drain(@PathParam("id") String id, ActionRequest body,
      @HeaderParam(ActionRequest.ACTOR_HEADER) String actor) {
    return act(id, "device-draining", body, actor, (who, now) ->
        controls.drain(id, who, ActionRequest.reason(body), now));
  }

  @POST
  @Path("{id}/release")
  public DeviceView release(@PathParam("id") String id, ActionRequest body,
      @HeaderParam(ActionRequest.ACTOR_HEADER) String actor) {
    return act(id, "device-released", body, actor, (who, now) -> controls.release(id));
  }

  /**
   * Revokes the device's credential: its broker sessions (and its workloads') are dropped at
   * once and it cannot reconnect; it is offline from now, so its tasks are placed elsewhere.
   * TODO(auth): {@code @RolesAllowed(Roles.ADMIN)} once dev.backroom.hub.auth.Roles is on main.
   */
  @POST
  @Path("{id}/revoke")
  public jakarta.ws.rs.core.Response revoke(@PathParam("id") String id, ActionRequest body,
      @HeaderParam(ActionRequest.ACTOR_HEADER) String actor) {
    Instant now = Instant.now();
    String who = ActionRequest.actor(body, actor);
    if (!enrollment.revoke(id, who, ActionRequest.reason(body), now)) {
      if (credentials.find(id).isEmpty()) {
        throw ApiError.notFound("no enrolled device " + id);
      }
      throw ApiError.conflict("device " + id + " is revoked already");
    }
    devices.onLifecycle(id, false, now);
    loop.trigger();
    return jakarta.ws.rs.core.Response.ok(java.util.Map.of("deviceId", id, "revoked", true,
        "revokedAt", now.toString())).build();
  }

  private DeviceView act(String id, String kind, ActionRequest body, String header,
      java.util.function.BiConsumer<String, Instant> change) {
    if (devices.all().stream().noneMatch(d -> d.deviceId().equals(id))) {
      throw ApiError.notFound("no device " + id);
    }
    Instant now = Instant.now();
    String who = ActionRequest.actor(body, header);
    change.accept(who, now);
    events.record(now, kind, who, Event.LOCAL, EventStore.Subject.device(id),
        ActionRequest.reason(body), "device " + id + ": " + kind.substring("device-".length()));
    loop.trigger();
    return get(id);
  }

  private DeviceView view(DeviceState d, DeviceControl ctl, List<TaskRecord> active, Instant now,
      java.util.Set<String> revoked) {
    Capabilities c = d.capabilities();
    long cpu = 0;
    long mem = 0;
    long gpus = 0;
    for (TaskRecord t : active) {
      TaskDefinition td = taskDefinitions.find(t.taskFamily(), t.taskRevision()).orElseThrow();
      cpu += td.requiredCpuUnits();
      mem += td.requiredMemoryMiB();
      gpus += td.requiredGpus();
    }
    DeviceView.Resources registered = new DeviceView.Resources(c.cpus() * 1024L, c.memoryMiB(), c.gpus());
    DeviceView.Resources remaining = new DeviceView.Resources(registered.cpu() - cpu,
        registered.memory() - mem, registered.gpus() - gpus);
    long running = active.stream().filter(t -> TaskRecord.RUNNING.equals(t.lastStatus())).count();
    boolean available = d.availableAt(now, devices.heartbeatTimeout());
    String status = !available ? "LOST" : ctl == null ? "ACTIVE" : ctl.held() ? "HELD"
        : ctl.drainedAt() != null ? "DRAINED" : ctl.draining() ? "DRAINING" : "ACTIVE";
    return new DeviceView(c.deviceId(), status, d.connected(), d.lastSeen(),
        c.agentVersion(), c.attributes(), registered, remaining, running, active.size() - running,
        revoked.contains(c.deviceId()), offences.isFlagged(c.deviceId()),
        offences.malformed(c.deviceId()));
  }
}
