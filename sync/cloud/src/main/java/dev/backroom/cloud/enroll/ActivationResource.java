package dev.backroom.cloud.enroll;

import dev.backroom.cloud.api.CloudError;
import dev.backroom.cloud.auth.AdminOnly;
import dev.backroom.cloud.auth.AuthSchemes;
import dev.backroom.cloud.config.CloudConfig;
import dev.backroom.cloud.groups.StoreGroupTable;
import dev.backroom.cloud.stores.StoreResource;
import dev.backroom.config.validate.Violation;
import dev.backroom.sync.auth.ActivationCode;
import dev.backroom.sync.auth.StoreIds;
import dev.backroom.sync.wire.ErrorCodes;
import dev.backroom.sync.wire.SyncPaths;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/** Operators create activations; the code is in this answer only and never stored in clear. */
@Path(SyncPaths.API_ACTIVATIONS)
@Produces(MediaType.APPLICATION_JSON)
@AdminOnly
@SecurityRequirement(name = AuthSchemes.ADMIN)
public class ActivationResource {
  static final long DEFAULT_EXPIRES_SECONDS = 86_400;

  @Inject ActivationStore activations;
  @Inject CloudConfig config;
  @Inject SecureRandom random;
  @Inject Clock clock;
  @Inject StoreGroupTable groups;

  public record CreateBody(String storeId, Map<String, String> labels, Long expiresInSeconds,
      Integer maxUses) {}

  public record Created(String activationId, String activationCode, String storeId,
      Instant expiresAt, int maxUses) {}

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Response create(CreateBody body) {
    if (body == null) {
      throw CloudError.badRequest("body must be {\"storeId\": ..., \"labels\": {...}}");
    }
    long expires = body.expiresInSeconds() == null ? DEFAULT_EXPIRES_SECONDS : body.expiresInSeconds();
    int maxUses = body.maxUses() == null ? 1 : body.maxUses();
    List<Violation> violations = new ArrayList<>();
    StoreIds.problem(body.storeId()).ifPresent(p -> violations.add(new Violation("storeId", p)));
    violations.addAll(StoreResource.labelViolations(body.labels()));
    if (expires < 1) {
      violations.add(new Violation("expiresInSeconds", "must be at least 1, got " + expires));
    }
    if (maxUses < 1) {
      violations.add(new Violation("maxUses", "must be at least 1, got " + maxUses));
    }
    if (!violations.isEmpty()) {
      throw CloudError.invalid(ErrorCodes.BAD_REQUEST, "activation", violations);
    }
    StoreResource.refuseGroupName(groups, body.storeId());
    byte[] idBytes = new byte[8];
    random.nextBytes(idBytes);
    String id = "act-" + HexFormat.of().formatHex(idBytes);
    String code = ActivationCode.generate(random);
    Instant now = clock.instant();
    Instant expiresAt = now.plusSeconds(expires);
    activations.create(new ActivationStore.Activation(id, body.storeId(),
        body.labels() == null ? Map.of() : body.labels(),
        ActivationCode.hash(code, random, config.activationHashIterations()), expiresAt, maxUses, 0),
        now);
    return Response.status(Response.Status.CREATED)
        .entity(new Created(id, code, body.storeId(), expiresAt, maxUses)).build();
  }
}
