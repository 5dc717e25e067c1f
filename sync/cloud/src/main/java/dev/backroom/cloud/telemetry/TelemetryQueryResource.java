package dev.backroom.cloud.telemetry;

import dev.backroom.cloud.api.CloudError;
import dev.backroom.cloud.auth.AdminOnly;
import dev.backroom.cloud.auth.AuthSchemes;
import dev.backroom.cloud.stores.StoreStore;
import dev.backroom.sync.wire.SyncPaths;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/** The operator reads a store's telemetry stream page by page, in seq order. */
@Path(SyncPaths.API_STORES + "/{id}/telemetry/{stream}")
@Produces(MediaType.APPLICATION_JSON)
@AdminOnly
@SecurityRequirement(name = AuthSchemes.ADMIN)
public class TelemetryQueryResource {
  @Inject TelemetryStore telemetry;
  @Inject StoreStore stores;

  /** One page; {@code dropped} are the hub's drop totals for the stream by reason. */
  public record Page(String stream, List<TelemetryStore.StoredMessage> messages,
      Map<String, Long> dropped) {}

  @GET
  public Page read(@PathParam("id") String id, @PathParam("stream") String stream,
      @QueryParam(SyncPaths.PARAM_AFTER) @DefaultValue("0") long after,
      @QueryParam(SyncPaths.PARAM_LIMIT) @DefaultValue("1000") int limit) {
    if (limit < 1 || limit > SyncPaths.MAX_TELEMETRY_LIMIT) {
      throw CloudError.badRequest("limit must be 1 to " + SyncPaths.MAX_TELEMETRY_LIMIT
          + ", got " + limit);
    }
    if (after < 0) {
      throw CloudError.badRequest("after must be 0 or a seq, got " + after);
    }
    stores.find(id).orElseThrow(() -> CloudError.notFound("no store " + id));
    return new Page(stream, telemetry.read(id, stream, after, limit), telemetry.dropped(id, stream));
  }
}
