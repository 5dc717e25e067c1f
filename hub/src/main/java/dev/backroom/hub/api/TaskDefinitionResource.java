package dev.backroom.hub.api;

import dev.backroom.config.json.SpecReader;
import dev.backroom.config.model.TaskDefinition;
import dev.backroom.hub.store.TaskDefinitionStore;
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
public class TaskDefinitionResource {
  @Inject TaskDefinitionStore store;

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Response register(String body) {
    SpecReader.Result<TaskDefinition> r = SpecReader.taskDefinition(body);
    if (!r.ok()) {
      throw ApiError.invalid("task definition", r.violations());
    }
    TaskDefinition stored = store.register(r.value());
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
