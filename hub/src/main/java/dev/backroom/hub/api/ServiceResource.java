package dev.backroom.hub.api;

import dev.backroom.config.json.SpecReader;
import dev.backroom.config.model.Service;
import dev.backroom.config.model.TaskDefinition;
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
import dev.backroom.hub.store.TaskDefinitionStore;
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

/** ECS CreateService / UpdateService / DeleteService. Every write triggers a control-loop pass. */
@Path("/api/v1/services")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.VIEWER)
public class ServiceResource {
  @Inject ServiceStore services;
  @Inject TaskDefinitionStore taskDefinitions;
  @Inject ServiceViews views;
  @Inject ControlLoop loop;
  @Inject DeploymentStore deployments;
  @Inject EventStore events;
  @Inject Actors actors;

  @POST
  @RolesAllowed(Roles.OPERATOR)
  @Consumes(MediaType.APPLICATION_JSON)
  public Response create(String body, @HeaderParam(ActionRequest.ACTOR_HEADER) String actor) {
    Resolved r = read(body, null);
    if (!services.create(r.service(), r.td().family(), r.td().revision())) {
      throw ApiError.conflict("service " + r.service().serviceName() + " exists; use PUT to change it");
    }
    AuditTarget.set("services/" + r.service().serviceName());
    audit("service-created", actor, r.service().serviceName(), r.td().ref());
    loop.trigger();
    return Response.status(Response.Status.CREATED).entity(view(r.service().serviceName())).build();
  }

  @PUT
  @Path("{name}")
  @RolesAllowed(Roles.OPERATOR)
  @Consumes(MediaType.APPLICATION_JSON)
  public ServiceView update(@PathParam("name") String name, String body,
      @HeaderParam(ActionRequest.ACTOR_HEADER) String actor) {
    Resolved r = read(body, name);
    if (!services.update(r.service(), r.td().family(), r.td().revision())) {
      throw ApiError.notFound("no service " + name);
    }
    audit("service-updated", actor, name, r.td().ref() + ", desiredCount "
        + r.service().desiredCountOrZero());
    loop.trigger();
    return view(name);
  }

  @DELETE
  @Path("{name}")
  @RolesAllowed(Roles.OPERATOR)
  public Response delete(@PathParam("name") String name,
      @HeaderParam(ActionRequest.ACTOR_HEADER) String actor) {
    if (!services.delete(name)) {
      throw ApiError.notFound("no service " + name);
    }
    audit("service-deleted", actor, name, null);
    loop.trigger();
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

  private void audit(String kind, String actor, String service, String detail) {
    events.record(Instant.now(), kind, actors.current(ActionRequest.actor(null, actor)),
        Event.LOCAL, EventStore.Subject.service(service), null,
        "service " + service + " " + kind.substring("service-".length())
            + (detail == null ? "" : ": " + detail));
  }

  private record Resolved(Service service, TaskDefinition td) {}

  /** Validates, then resolves {@code taskDefinition} to a concrete revision. */
  private Resolved read(String body, String pathName) {
    SpecReader.Result<Service> r = SpecReader.service(body);
    if (!r.ok()) {
      throw ApiError.invalid("service", r.violations());
    }
    Service s = r.value();
    if (pathName != null && !pathName.equals(s.serviceName())) {
      throw ApiError.invalid("service", List.of(new Violation("serviceName",
          "must match the path (" + pathName + ")")));
    }
    TaskDefinition td = taskDefinitions.resolve(s.taskDefinition()).orElseThrow(() ->
        ApiError.invalid("service", List.of(new Violation("taskDefinition",
            "no registered task definition " + s.taskDefinition()))));
    refuseInactive(td, pathName);
    return new Resolved(s.withTaskDefinition(td.ref()), td);
  }

  /**
   * ECS: an INACTIVE revision starts no new service and no update to it, but a service already
   * on it may keep it (an update of its count or placement names the same revision).
   */
  private void refuseInactive(TaskDefinition td, String serviceName) {
    TaskDefinitionStore.Revision rev = taskDefinitions.revision(td.family(), td.revision())
        .orElse(null);
    if (rev == null || rev.active()) {
      return;
    }
    boolean alreadyOnIt = serviceName != null && services.find(serviceName)
        .map(s -> s.taskFamily().equals(td.family()) && s.taskRevision() == td.revision())
        .orElse(false);
    if (!alreadyOnIt) {
      throw ApiError.invalid("service", List.of(new Violation("taskDefinition", td.ref()
          + " is INACTIVE (deregistered): it starts no new service or update; use an ACTIVE"
          + " revision")));
    }
  }

  private ServiceView view(String name) {
    return views.find(name).orElseThrow(() -> ApiError.notFound("no service " + name));
  }
}
