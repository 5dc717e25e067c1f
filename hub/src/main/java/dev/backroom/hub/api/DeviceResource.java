package dev.backroom.hub.api;

import dev.backroom.hub.auth.Actors;
import dev.backroom.hub.devices.DeviceControlStore;
import dev.backroom.hub.devices.DeviceCredentialStore;
import dev.backroom.hub.devices.DeviceRegistry;
import dev.backroom.hub.enrollment.EnrollmentService;
import dev.backroom.hub.events.Event;
import dev.backroom.hub.events.EventStore;
import dev.backroom.hub.runtime.ControlLoop;
import dev.backroom.hub.views.DeviceView;
import dev.backroom.hub.views.DeviceViews;
import dev.backroom.hub.web.ActionRequest;
import dev.backroom.hub.web.ApiError;
import dev.backroom.hub.web.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;

/** ECS DescribeContainerInstances for the store: every device, its liveness and resources. */
@Path("/api/v1/devices")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.VIEWER)
public class DeviceResource {
  @Inject DeviceRegistry devices;
  @Inject DeviceControlStore controls;
  @Inject EventStore events;
  @Inject ControlLoop loop;
  @Inject Actors actors;
  @Inject DeviceViews views;
  @Inject EnrollmentService enrollment;
  @Inject DeviceCredentialStore credentials;

  @GET
  public List<DeviceView> list() {
    return views.list();
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
  @RolesAllowed(Roles.OPERATOR)
  public DeviceView hold(@PathParam("id") String id, ActionRequest body,
      @HeaderParam(ActionRequest.ACTOR_HEADER) String actor) {
    return act(id, "device-held", body, actor, (who, now) ->
        controls.hold(id, who, ActionRequest.reason(body), now));
  }

  /** Moves the device's tasks elsewhere first, then keeps it unschedulable until released. */
  @POST
  @Path("{id}/drain")
  @RolesAllowed(Roles.OPERATOR)
  public DeviceView drain(@PathParam("id") String id, ActionRequest body,
      @HeaderParam(ActionRequest.ACTOR_HEADER) String actor) {
    return act(id, "device-draining", body, actor, (who, now) ->
        controls.drain(id, who, ActionRequest.reason(body), now));
  }

  @POST
  @Path("{id}/release")
  @RolesAllowed(Roles.OPERATOR)
  public DeviceView release(@PathParam("id") String id, ActionRequest body,
      @HeaderParam(ActionRequest.ACTOR_HEADER) String actor) {
    return act(id, "device-released", body, actor, (who, now) -> controls.release(id));
  }

  /**
   * Revokes the device's credential: its broker sessions (and its workloads') are dropped at
   * once and it cannot reconnect; it is offline from now, so its tasks are placed elsewhere.
   */
  @POST
  @Path("{id}/revoke")
  @RolesAllowed(Roles.ADMIN)
  public jakarta.ws.rs.core.Response revoke(@PathParam("id") String id, ActionRequest body,
      @HeaderParam(ActionRequest.ACTOR_HEADER) String actor) {
    Instant now = Instant.now();
    String who = actors.current(ActionRequest.actor(body, actor));
    if (!enrollment.revoke(id, who, ActionRequest.reason(body), now)) {
      if (credentials.find(id).isEmpty()) {
        throw ApiError.notFound("no enrolled device " + id);
      }
      throw ApiError.conflict("device " + id + " is revoked already");
    }
    devices.onLifecycle(id, false);
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
    String who = actors.current(ActionRequest.actor(body, header));
    change.accept(who, now);
    events.record(now, kind, who, Event.LOCAL, EventStore.Subject.device(id),
        ActionRequest.reason(body), "device " + id + ": " + kind.substring("device-".length()));
    loop.trigger();
    return get(id);
  }
}
