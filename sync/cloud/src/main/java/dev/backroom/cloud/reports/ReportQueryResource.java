package dev.backroom.cloud.reports;

import dev.backroom.cloud.api.CloudError;
import dev.backroom.cloud.auth.AdminOnly;
import dev.backroom.cloud.auth.AuthSchemes;
import dev.backroom.cloud.config.CloudConfig;
import dev.backroom.cloud.stores.StoreStore;
import dev.backroom.sync.wire.SyncPaths;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.DefaultValue;
import java.util.List;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/** The operator's view of a store's last reports, and its audit log page by page. */
@Path(SyncPaths.API_STORES + "/{id}/reports")
@Produces(MediaType.APPLICATION_JSON)
@AdminOnly
@SecurityRequirement(name = AuthSchemes.ADMIN)
public class ReportQueryResource {
  static final int MAX_AUDIT_PAGE = 5_000;
  @Inject ReportStore reports;
  @Inject StoreStore stores;
  @Inject CloudConfig config;

  @GET
  public ReportStore.ReportView view(@PathParam("id") String id) {
    stores.find(id).orElseThrow(() -> CloudError.notFound("no store " + id));
    return reports.view(id, config.reportEventsShown())
        .orElseThrow(() -> CloudError.notFound("store " + id + " has not reported yet"));
  }

  /** The store's audit log in hub order from {@code after} (an auditId, exclusive). */
  @GET
  @Path("/audit")
  public List<JsonNode> audit(@PathParam("id") String id,
      @QueryParam("after") @DefaultValue("0") long after,
      @QueryParam("limit") @DefaultValue("500") int limit) {
    stores.find(id).orElseThrow(() -> CloudError.notFound("no store " + id));
    if (limit < 1 || limit > MAX_AUDIT_PAGE) {
      throw CloudError.badRequest("limit must be 1 to " + MAX_AUDIT_PAGE + " but is " + limit);
    }
    return reports.auditAfter(id, after, limit);
  }
}
