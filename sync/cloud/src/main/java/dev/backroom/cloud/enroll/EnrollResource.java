package dev.backroom.cloud.enroll;

import dev.backroom.cloud.api.CloudError;
import dev.backroom.cloud.config.CloudConfig;
import dev.backroom.cloud.desired.DesiredService;
import dev.backroom.cloud.stores.StoreStore;
import dev.backroom.sync.auth.ActivationCode;
import dev.backroom.sync.auth.StoreCredential;
import dev.backroom.sync.wire.EnrollRequest;
import dev.backroom.sync.wire.EnrollResponse;
import dev.backroom.sync.wire.ErrorCodes;
import dev.backroom.sync.wire.SyncPaths;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Exchanges an activation for a store credential. The code is checked first, outside any lock
 * (PBKDF2 is slow on purpose), so expiry and use counts are only revealed to a caller who knows
 * the code; the use is then taken under the activation's row lock.
 */
@Path(SyncPaths.ENROLL)
@Produces(MediaType.APPLICATION_JSON)
public class EnrollResource {
  @Inject ActivationStore activations;
  @Inject StoreStore stores;
  @Inject DesiredService desired;
  @Inject CloudConfig config;
  @Inject SecureRandom random;
  @Inject Clock clock;

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public EnrollResponse enroll(EnrollRequest req, @Context UriInfo uri) {
    if (req == null || req.activationId() == null || req.activationCode() == null) {
      throw CloudError.badRequest("body must be {\"activationId\": ..., \"activationCode\": ...}");
    }
    ActivationStore.Activation a = activations.find(req.activationId()).orElseThrow(() ->
        CloudError.of(401, ErrorCodes.ACTIVATION_INVALID, "no such activation"));
    if (!ActivationCode.verify(req.activationCode(), a.codeHash())) {
      throw CloudError.of(401, ErrorCodes.ACTIVATION_INVALID, "activation code is wrong");
    }
    StoreCredential credential = StoreCredential.issue(a.storeId(), random);
    Instant now = clock.instant();
    desired.changeStores(() -> {
      ActivationStore.Activation locked = activations.lock(a.id()).orElseThrow();
      if (!now.isBefore(locked.expiresAt())) {
        throw CloudError.of(410, ErrorCodes.ACTIVATION_EXPIRED,
            "activation " + a.id() + " expired at " + locked.expiresAt());
      }
      if (locked.uses() >= locked.maxUses()) {
        throw CloudError.of(410, ErrorCodes.ACTIVATION_USED_UP, "activation " + a.id()
            + " is used up (" + locked.uses() + " of " + locked.maxUses() + " uses)");
      }
      activations.use(a.id());
      if (!stores.create(a.storeId(), req.hubName(), locked.labels(), now)) {
        stores.lock(a.storeId());
        if (!locked.labels().isEmpty()) {
          stores.setLabels(a.storeId(), locked.labels());
        }
      }
      // Replaces the previous credential: a re-enrolled hub's old identity stops working.
      stores.setCredential(a.storeId(), credential.secretHash(), req.hubName(), now);
    }, List.of(a.storeId()));
    String cloudUrl = config.publicUrl().orElseGet(() -> stripSlash(uri.getBaseUri().toString()));
    return new EnrollResponse(a.storeId(), credential.token(), cloudUrl);
  }

  private static String stripSlash(String s) {
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }
}
