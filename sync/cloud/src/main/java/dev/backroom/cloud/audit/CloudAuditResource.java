package dev.backroom.cloud.audit;

import dev.backroom.cloud.api.CloudError;
import dev.backroom.cloud.auth.AdminOnly;
import dev.backroom.cloud.auth.AuthSchemes;
import dev.backroom.sync.wire.SyncPaths;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/**
 * The cloud's audit log for the operator, page by page as a store's reported audit is served:
 * the entries with {@code auditId} above {@code after}, oldest first.
 */
@Path(SyncPaths.API_ROOT + "/audit")
@Produces(MediaType.APPLICATION_JSON)
@AdminOnly
@SecurityRequirement(name = AuthSchemes.ADMIN)
public class CloudAuditResource {
  static final int MAX_PAGE = 5_000;

  @Inject CloudAudit audit;

  @GET
  public List<CloudAuditEntry> list(@QueryParam("after") @DefaultValue("0") long after,
      @QueryParam("limit") @DefaultValue("500") int limit) {
    if (limit < 1 || limit > MAX_PAGE) {
      throw CloudError.badRequest("limit must be 1 to " + MAX_PAGE + " but is " + limit);
    }
    return audit.after(after, limit);
  }
}
