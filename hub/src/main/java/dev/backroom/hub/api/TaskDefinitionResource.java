package dev.backroom.hub.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.backroom.config.json.Json;
import dev.backroom.config.json.SpecReader;
import dev.backroom.config.model.TaskDefinition;
import dev.backroom.hub.events.Event;
import dev.backroom.hub.events.EventStore;
import dev.backroom.hub.store.TaskDefinitionStore;
import dev.backroom.hub.web.ActionRequest;
import dev.backroom.hub.web.ApiError;
import jakarta.ws.rs.HeaderParam;
import java.time.Instant;
import dev.backroom.hub.audit.AuditTarget;
import dev.backroom.hub.auth.Actors;
import dev.backroom.hub.web.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import dev.backroom.config.validate.Violation;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;

/** ECS RegisterTaskDefinition and its reads. Each POST registers the family's next revision. */
@Path("/api/v1/task-definitions")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.VIEWER)
public class TaskDefinitionResource {
  @Inject TaskDefinitionStore store;
  @Inject EventStore events;
  @Inject TaskDefinitionRegistry registry;
  @Inject Actors actors;

  @POST
  @RolesAllowed(Roles.OPERATOR)
  @Consumes(MediaType.APPLICATION_JSON)
  public Response register(String body, @HeaderParam(ActionRequest.ACTOR_HEADER) String actor) {
    SpecReader.Result<TaskDefinition> r = SpecReader.taskDefinition(body);
    if (!r.ok()) {
      throw ApiError.invalid("task definition", r.violations());
    }
    TaskDefinition stored = registry.register(r.value(),
        actors.current(ActionRequest.actor(null, actor)));
    AuditTarget.set("task-definitions/" + stored.ref());
    return Response.status(Response.Status.CREATED).entity(stored).build();
  }

  /** Every revision but deleted ones, with its status; {@code status} filters as ECS does. */
  @GET
  public List<TaskDefinitionView> list(@QueryParam("family") String family,
      @QueryParam("status") String status) {
    return store.revisions(family).stream()
        .filter(r -> status == null || status.equalsIgnoreCase(r.status()))
        .map(TaskDefinitionView::of).toList();
  }

  /** {@code family} for the latest ACTIVE revision or {@code family:revision}. */
  @GET
  @Path("{ref}")
  public TaskDefinitionView get(@PathParam("ref") String ref) {
    try {
      TaskDefinition td = store.resolve(ref)
          .orElseThrow(() -> ApiError.notFound("no task definition " + ref));
      return TaskDefinitionView.of(store.revision(td.family(), td.revision()).orElseThrow(() ->
          ApiError.notFound("no task definition " + ref)));
    } catch (NumberFormatException e) {
      throw ApiError.notFound("no task definition " + ref);
    }
  }

  /**
   * ECS DeregisterTaskDefinition of {@code family:revision}: the revision becomes INACTIVE. It
   * starts no new service, task or service update; services already on it keep running it and
   * keep replacing their tasks. Deregistering an INACTIVE revision again changes nothing.
   */
  @DELETE
  @Path("{ref}")
  @RolesAllowed(Roles.OPERATOR)
  public TaskDefinitionView deregister(@PathParam("ref") String ref,
      @HeaderParam(ActionRequest.ACTOR_HEADER) String actor) {
    TaskDefinitionRefs.Ref r = TaskDefinitionRefs.parse(ref, "taskDefinition");
    TaskDefinitionStore.Revision after = registry.deregister(r.family(), r.revision(),
        actors.current(ActionRequest.actor(null, actor)))
        .orElseThrow(() -> ApiError.notFound("no task definition " + ref));
    return TaskDefinitionView.of(after);
  }

  /** Body of {@code POST /api/v1/task-definitions/delete}: up to 10 {@code family:revision}. */
  public record DeleteRequest(List<String> taskDefinitions) {}

  /** The deleted revisions, each with status DELETED. */
  public record DeleteAnswer(List<TaskDefinitionView> taskDefinitions) {}

  /**
   * ECS DeleteTaskDefinitions, all or nothing: each revision must be INACTIVE (400 otherwise)
   * and used by no service, running task or service's deployment history (409 with what uses
   * it). A deleted revision is gone from every read, and its number is never registered again.
   */
  @POST
  @Path("delete")
  @RolesAllowed(Roles.OPERATOR)
  @Consumes(MediaType.APPLICATION_JSON)
  public DeleteAnswer delete(String json,
      @HeaderParam(ActionRequest.ACTOR_HEADER) String actor) {
    DeleteRequest body;
    try {
      body = Json.mapper().readerFor(DeleteRequest.class)
          .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .readValue(json == null || json.isBlank() ? "{}" : json);
    } catch (UnrecognizedPropertyException e) {
      throw ApiError.invalid("DeleteTaskDefinitions request", List.of(new Violation(
          e.getPropertyName(), "unknown field: only taskDefinitions is read")));
    } catch (JsonProcessingException e) {
      throw ApiError.invalid("DeleteTaskDefinitions request", List.of(new Violation(
          "taskDefinitions", "must be a list of family:revision strings")));
    }
    List<TaskDefinitionRefs.Ref> refs = TaskDefinitionRefs.parseAll(
        body == null ? null : body.taskDefinitions());
    List<Violation> invalid = new ArrayList<>();
    List<TaskDefinitionStore.Revision> found = new ArrayList<>();
    for (int i = 0; i < refs.size(); i++) {
      TaskDefinitionRefs.Ref r = refs.get(i);
      var rev = store.revision(r.family(), r.revision());
      if (rev.isEmpty()) {
        invalid.add(new Violation("taskDefinitions[" + i + "]", "no task definition " + r));
      } else if (rev.get().active()) {
        invalid.add(new Violation("taskDefinitions[" + i + "]", r + " is ACTIVE; only an"
            + " INACTIVE revision can be deleted: deregister it first (DELETE"
            + " /api/v1/task-definitions/" + r + ")"));
      } else {
        found.add(rev.get());
      }
    }
    if (!invalid.isEmpty()) {
      throw ApiError.invalid("DeleteTaskDefinitions request", invalid);
    }
    for (TaskDefinitionRefs.Ref r : refs) {
      String use = store.usedBy(r.family(), r.revision());
      if (use != null) {
        throw ApiError.conflict("task definition " + r + " cannot be deleted: " + use);
      }
    }
    String who = actors.current(ActionRequest.actor(null, actor));
    for (TaskDefinitionRefs.Ref r : refs) {
      store.delete(r.family(), r.revision());
      events.record(Instant.now(), "task-definition-deleted", who, Event.LOCAL,
          EventStore.Subject.none(), null, "task definition " + r + " deleted");
    }
    AuditTarget.set("task-definitions/" + String.join(",", refs.stream().map(Object::toString)
        .toList()));
    return new DeleteAnswer(found.stream().map(f -> new TaskDefinitionView(f.taskDefinition(),
        TaskDefinitionStore.DELETED, f.registeredAt(), f.deregisteredAt(), f.registeredBy()))
        .toList());
  }
}
