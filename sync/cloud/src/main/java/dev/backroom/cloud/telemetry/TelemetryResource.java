package dev.backroom.cloud.telemetry;

import dev.backroom.cloud.api.CloudError;
import dev.backroom.cloud.auth.AuthSchemes;
import dev.backroom.cloud.auth.CurrentStore;
import dev.backroom.cloud.auth.StoreAuthenticated;
import dev.backroom.cloud.config.CloudConfig;
import dev.backroom.cloud.reports.UpstreamBatches;
import dev.backroom.cloud.stores.StoreStore;
import dev.backroom.sync.wire.BatchReceipt;
import dev.backroom.sync.wire.SyncPaths;
import dev.backroom.sync.wire.TelemetryBatch;
import dev.backroom.sync.wire.WireFormatException;
import dev.backroom.sync.wire.ErrorCodes;
import dev.backroom.sync.batch.BatchValidator;
import dev.backroom.sync.batch.Gzip;
import dev.backroom.sync.batch.TelemetryBatchReader;
import dev.backroom.config.validate.Violation;
import java.util.List;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/**
 * Upstream telemetry. The body is decompressed here rather than by the HTTP layer so the size
 * after decompression can be capped (413) before any JSON is parsed, and so the compressed body
 * can be stored as it came.
 */
@Path(SyncPaths.TELEMETRY)
@Produces(MediaType.APPLICATION_JSON)
@StoreAuthenticated
@SecurityRequirement(name = AuthSchemes.STORE)
public class TelemetryResource {
  @Inject CurrentStore current;
  @Inject UpstreamBatches batches;
  @Inject TelemetryStore telemetry;
  @Inject StoreStore stores;
  @Inject CloudConfig config;
  @Inject Clock clock;

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public BatchReceipt receive(byte[] body,
      @HeaderParam(HttpHeaders.CONTENT_ENCODING) String encoding) {
    int max = config.maxTelemetryBytes();
    byte[] json;
    boolean gzip = false;
    if (encoding != null && encoding.strip().equalsIgnoreCase(Gzip.ENCODING)) {
      try {
        json = Gzip.decompress(body, max);
        gzip = true;
      } catch (WireFormatException e) {
        // Gzip says "inflates beyond" for a bomb; anything else is a broken body.
        if (e.reason().contains("inflates beyond")) {
          throw tooLarge(max);
        }
        throw CloudError.badRequest("Content-Encoding is gzip but " + e.reason());
      }
    } else if (encoding == null || encoding.isBlank() || encoding.equalsIgnoreCase("identity")) {
      if (body.length > max) {
        throw tooLarge(max);
      }
      json = body;
    } else {
      throw CloudError.of(415, "unsupported_encoding", "Content-Encoding must be gzip, got "
          + encoding);
    }
    TelemetryBatch batch = TelemetryBatchReader.read(json);
    List<Violation> violations = BatchValidator.validate(batch);
    if (!violations.isEmpty()) {
      throw CloudError.invalid(ErrorCodes.BAD_REQUEST, "telemetry batch", violations);
    }
    String storeId = current.id();
    boolean gzipped = gzip;
    return batches.receive(storeId, batch.sequence(), UpstreamBatches.Channel.TELEMETRY, () -> {
      // Kept as it came: compressed, it is about half the bytes to write, and no copy is built.
      telemetry.store(storeId, batch.sequence(), body, gzipped, batch.messages(), batch.dropped());
      stores.setTelemetrySequence(storeId, batch.sequence(), clock.instant());
    });
  }

  private static jakarta.ws.rs.WebApplicationException tooLarge(int max) {
    return CloudError.of(413, "payload_too_large", "telemetry batch exceeds " + max
        + " bytes once decompressed; send smaller batches");
  }
}
