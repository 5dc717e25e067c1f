package dev.backroom.hub.sync;

import dev.backroom.hub.web.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code GET /api/v1/sync}: whether the store is enrolled and how both directions are doing. */
@Path("/api/v1/sync")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.VIEWER)
public class SyncResource {
  @Inject SyncStatus status;
  @Inject SyncStore store;

  @GET
  public SyncStatus.View get() {
    status.pendingReportBatches = store.pendingCount();
    return status.view();
  }
}
