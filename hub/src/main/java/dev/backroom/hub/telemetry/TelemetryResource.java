package dev.backroom.hub.telemetry;

import dev.backroom.hub.web.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The telemetry outbox as the operator sees it. */
@Path("/api/v1/telemetry")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.VIEWER)
public class TelemetryResource {
  @Inject TelemetryService telemetry;

  @GET
  public TelemetryView get() {
    return telemetry.view();
  }
}
