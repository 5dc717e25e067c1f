package dev.backroom.cloud.reports;

import dev.backroom.cloud.api.CloudError;
import dev.backroom.cloud.auth.AdminOnly;
import dev.backroom.cloud.config.CloudConfig;
import dev.backroom.cloud.stores.StoreStore;
import dev.backroom.sync.wire.SyncPaths;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The operator's view of a store's last reports. */
@Path(SyncPaths.API_STORES + "/{id}/reports")
@Produces(MediaType.APPLICATION_JSON)
@AdminOnly
public class ReportQueryResource {
  @Inject ReportStore reports;
  @Inject StoreStore stores;
  @Inject CloudConfig config;

  @GET
  public ReportStore.ReportView view(@PathParam("id") String id) {
    stores.find(id).orElseThrow(() -> CloudError.notFound("no store " + id));
    return reports.view(id, config.reportEventsShown())
        .orElseThrow(() -> CloudError.notFound("store " + id + " has not reported yet"));
  }
}
