package dev.backroom.hub.api;

import dev.backroom.hub.store.TaskRecord;
import dev.backroom.hub.store.TaskStore;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** ECS ListTasks/DescribeTasks in one: tasks with where they run and what the device reported. */
@Path("/api/v1/tasks")
@Produces(MediaType.APPLICATION_JSON)
public class TaskResource {
  @Inject TaskStore tasks;

  /** {@code desiredStatus} defaults to RUNNING like ECS; pass STOPPED or ALL for history. */
  @GET
  public List<TaskRecord> list(@QueryParam("desiredStatus") @DefaultValue("RUNNING") String desired,
      @QueryParam("serviceName") String service,
      @QueryParam("limit") @DefaultValue("500") int limit) {
    String filter = "ALL".equalsIgnoreCase(desired) ? null : desired.toUpperCase();
    return tasks.list(filter, service, Math.max(1, Math.min(limit, 5000)));
  }
}
