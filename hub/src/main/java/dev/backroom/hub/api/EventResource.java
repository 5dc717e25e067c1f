package dev.backroom.hub.api;

import dev.backroom.hub.events.Event;
import dev.backroom.hub.events.EventStore;
import dev.backroom.hub.web.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** The store's event log, newest first, filterable by subject, kind and actor. */
@Path("/api/v1/events")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.VIEWER)
public class EventResource {
  @Inject EventStore events;

  @GET
  public List<Event> list(@QueryParam("serviceName") String service,
      @QueryParam("taskId") String task, @QueryParam("deviceId") String device,
      @QueryParam("kind") String kind, @QueryParam("actor") String actor,
      @QueryParam("limit") @DefaultValue("200") int limit) {
    return events.list(service, task, device, kind, actor, Math.max(1, Math.min(limit, 5000)));
  }
}
