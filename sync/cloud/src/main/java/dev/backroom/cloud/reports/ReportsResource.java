package dev.backroom.cloud.reports;

import dev.backroom.cloud.auth.AuthSchemes;
import dev.backroom.cloud.auth.CurrentStore;
import dev.backroom.cloud.auth.StoreAuthenticated;
import dev.backroom.cloud.stores.StoreStore;
import dev.backroom.sync.wire.BatchReceipt;
import dev.backroom.sync.wire.ReportBatch;
import dev.backroom.sync.wire.SyncJson;
import dev.backroom.sync.wire.SyncPaths;
import dev.backroom.cloud.api.CloudError;
import dev.backroom.config.validate.Violation;
import dev.backroom.sync.batch.BatchValidator;
import dev.backroom.sync.wire.ErrorCodes;
import jakarta.inject.Inject;
import java.util.List;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/** Upstream reports from hubs: snapshots replace, events append, each batch exactly once. */
@Path(SyncPaths.REPORTS)
@Produces(MediaType.APPLICATION_JSON)
@StoreAuthenticated
@SecurityRequirement(name = AuthSchemes.STORE)
public class ReportsResource {
  @Inject CurrentStore current;
  @Inject UpstreamBatches batches;
  @Inject ReportStore reports;
  @Inject StoreStore stores;
  @Inject Clock clock;

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public BatchReceipt receive(byte[] body) {
    ReportBatch batch = SyncJson.read(body, ReportBatch.class);
    List<Violation> violations = BatchValidator.validate(batch);
    if (!violations.isEmpty()) {
      throw CloudError.invalid(ErrorCodes.BAD_REQUEST, "report batch", violations);
    }
    String storeId = current.id();
    return batches.receive(storeId, batch.sequence(), UpstreamBatches.Channel.REPORTS, () -> {
      var now = clock.instant();
      reports.store(storeId, batch, now);
      stores.setReportSequence(storeId, batch.sequence(), now);
    });
  }
}
