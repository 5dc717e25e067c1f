package dev.backroom.hub.api;

import dev.backroom.config.json.SpecReader;
import dev.backroom.config.model.Service;
import dev.backroom.config.validate.Violation;
import dev.backroom.hub.audit.AuditTarget;
import dev.backroom.hub.auth.Actors;
import dev.backroom.hub.web.Roles;
import dev.backroom.hub.core.deploy.Deployment;
import dev.backroom.hub.deploy.DeploymentStore;
import dev.backroom.hub.events.Event;
import dev.backroom.hub.events.EventStore;
import dev.backroom.hub.runtime.ControlLoop;
import dev.backroom.hub.store.ServiceRecord;
import dev.backroom.hub.store.ServiceStore;
import dev.backroom.hub.views.ServiceView;
import dev.backroom.hub.views.ServiceViews;
import dev.backroom.hub.web.ActionRequest;
import dev.backroom.hub.web.ApiError;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/** ECS CreateService / UpdateService / DeleteService. Every write triggers a control-loop pass. */
@Path("/api/v1/services")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.VIEWER)
public class ServiceResource {
  @Inject ServiceStore services;
  @Inject ServiceActions actions;
  @Inject ServiceViews views;
  @Inject ControlLoop loop;
  @Inject DeploymentStore deployments;
  @Inject EventStore events;
  @Inject Actors actors;

  @POST
  @RolesAllowed(Roles.OPERATOR)
  @Consumes(MediaType.APPLICATION_JSON)
  public Response create(String body, @HeaderParam(ActionRequest.ACTOR_HEADER) String actor) {
    String name = answer(() -> {
      ServiceActions.Resolved r = actions.resolve(read(body, null), null);
      actions.create(r, actors.current(ActionRequest.actor(null, actor)));
      return r.service().serviceName();
    });
    AuditTarget.set("services/" + name);
    return Response.status(Response.Status.CREATED).entity(view(name)).build();
  }

  @PUT
  @Path("{name}")
  @RolesAllowed(Roles.OPERATOR)
  @Consumes(MediaType.APPLICATION_JSON)
  public ServiceView update(@PathParam("name") String name, String body,
      @HeaderParam(ActionRequest.ACTOR_HEADER) String actor) {
    answer(() -> {
      actions.update(actions.resolve(read(body, name), name), false,
          actors.current(ActionRequest.actor(null, actor)));
      return name;
    });
    return view(name);
  }

  @DELETE
  @Path("{name}")
  @RolesAllowed(Roles.OPERATOR)
  public Response delete(@PathParam("name") String name,
      @HeaderParam(ActionRequest.ACTOR_HEADER) String actor) {
    answer(() -> {
      actions.delete(name, actors.current(ActionRequest.actor(null, actor)));
      return name;
    });
    return Response.noContent().build();
  }

  @GET
  public List<ServiceView> list() {
    return views.list();
  }

  @GET
  @Path("{name}")
  public ServiceView get(@PathParam("name") String name) {
    return view(name);
  }

  /** ECS DescribeServices' deployments: the rollouts of the service, newest first. */
  @GET
  @Path("{name}/deployments")
  public List<Deployment> deployments(@PathParam("name") String name) {
    List<Deployment> list = deployments.list(name);
    if (list.isEmpty() && services.find(name).isEmpty()) {
      throw ApiError.notFound("no service " + name);
    }
    return list;
  }

  /** Body of {@code POST /api/v1/services/{name}/scale}. */
  public record ScaleRequest(Integer desiredCount, String reason) {}

  /**
   * Changes only the desired count, on site: recorded as a {@code local-override} event. On a
   * cloud-owned service the cloud's next revision sets the count again (the cloud wins).
   */
  @POST
  @Path("{name}/scale")
  @RolesAllowed(Roles.OPERATOR)
  @Consumes(MediaType.APPLICATION_JSON)
  public ServiceView scale(@PathParam("name") String name, ScaleRequest body,
      @HeaderParam(ActionRequest.ACTOR_HEADER) String actor) {
    if (body == null || body.desiredCount() == null || body.desiredCount() < 0
        || body.desiredCount() > 1000) {
      throw ApiError.invalid("scale", List.of(new Violation("desiredCount",
          "must be a number from 0 to 1000")));
    }
    String reason = ActionRequest.reason(body.reason());
    ServiceRecord s = services.find(name).orElseThrow(() -> ApiError.notFound("no service " + name));
    int before = s.spec().desiredCountOrZero();
    services.update(s.spec().withDesiredCount(body.desiredCount()), s.taskFamily(), s.taskRevision());
    events.record(Instant.now(), "local-override", actors.current(ActionRequest.actor(null, actor)),
        Event.LOCAL,
        EventStore.Subject.service(name), reason, "service " + name + " scaled on site: desiredCount "
            + before + " -> " + body.desiredCount() + " (" + s.origin() + " service)");
    loop.trigger();
    return view(name);
  }

  /** Runs a change of {@link ServiceActions}, rendering its refusal as this API's error. */
  private static String answer(Supplier<String> change) {
    try {
      return change.get();
    } catch (ServiceActions.Refused e) {
      throw switch (e.kind()) {
        case INVALID -> ApiError.invalid("service", e.violations());
        case NOT_FOUND -> ApiError.notFound(e.getMessage());
        case EXISTS -> ApiError.conflict(e.getMessage() + "; use PUT to change it");
      };
    }
  }

  /** Validates the body; a service's name must match the path's. */
  private static Service read(String body, String pathName) {
    SpecReader.Result<Service> r = SpecReader.service(body);
    if (!r.ok()) {
      throw ServiceActions.invalid(r.violations());
    }
    Service s = r.value();
    if (pathName != null && !pathName.equals(s.serviceName())) {
      throw ServiceActions.invalid("serviceName", "must match the path (" + pathName + ")");
    }
    return s;
  }

  private ServiceView view(String name) {
    return views.find(name).orElseThrow(() -> ApiError.notFound("no service " + name));
  }
}
