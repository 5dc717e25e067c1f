package dev.backroom.hub.api;

import dev.backroom.config.json.SpecReader;
import dev.backroom.config.model.TaskDefinition;
import dev.backroom.hub.events.Event;
import dev.backroom.hub.events.EventStore;
import dev.backroom.hub.store.TaskDefinitionStore;
import jakarta.ws.rs.HeaderParam;
import java.time.Instant;
import dev.backroom.hub.audit.AuditTarget;
import dev.backroom.hub.auth.Actors;
import dev.backroom.hub.auth.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/** ECS RegisterTaskDefinition and its reads. Each POST registers the family's next revision. */
@Path("/api/v1/task-definitions")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.VIEWER)
public class TaskDefinitionResource {
  @Inject TaskDefinitionStore store;
  @Inject EventStore events;
  @Inject Actors actors;

  @POST
  @RolesAllowed(Roles.OPERATOR)
  @Consumes(MediaType.APPLICATION_JSON)
  public Response register(String body, @HeaderParam(ActionRequest.ACTOR_HEADER) String actor) {
    SpecReader.Result<TaskDefinition> r = SpecReader.taskDefinition(body);
    if (!r.ok()) {
      throw ApiError.invalid("task definition", r.violations());
    }
    TaskDefinition stored = store.register(r.value());
    AuditTarget.set("task-definitions/" + stored.ref());
    // A local spec change is part of the history the cloud sees (docs/sync-protocol.md).
    events.record(Instant.now(), "task-definition-registered",
        actors.current(ActionRequest.actor(null, actor)),
        Event.LOCAL, EventStore.Subject.none(), null,
        "task definition " + stored.ref() + " registered");
    return Response.status(Response.Status.CREATED).entity(stored).build();
  }

  @GET
  public List<TaskDefinition> list(@QueryParam("family") String family) {
    return store.list(family);
  }

  /** {@code family} for the latest revision or {@code family:revision}. */
  @GET
  @Path("{ref}")
  public TaskDefinition get(@PathParam("ref") String ref) {
    try {
      return store.resolve(ref).orElseThrow(() -> ApiError.notFound("no task definition " + ref));
    } catch (NumberFormatException e) {
      throw ApiError.notFound("no task definition " + ref);
    }
  }
}
