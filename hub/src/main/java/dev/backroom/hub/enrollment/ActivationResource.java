package dev.backroom.hub.enrollment;

import dev.backroom.hub.api.ActionRequest;
import dev.backroom.hub.config.HubConfig;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Device activations, for admins: create one (its code is in this answer only) and list them.
 * The actor is the authenticated admin.
 */
@Path("/api/v1/device-activations")
@jakarta.annotation.security.RolesAllowed(dev.backroom.hub.auth.Roles.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ActivationResource {
  static final int MAX_USES_LIMIT = 10_000;

  @Inject EnrollmentService enrollment;
  @Inject HubConfig config;
  @Inject dev.backroom.hub.tls.StoreTls tls;
  @Inject dev.backroom.hub.auth.Actors actors;

  /** All optional: expiry in seconds (default backroom.enrollment.default-expiry), uses (1). */
  public record CreateRequest(Long expiresInSeconds, Integer maxUses, String note, String actor) {}

  /**
   * @param caFingerprint {@code sha256:<hex>} of the store CA, for {@code backroom agent register
   *     --ca-fingerprint}: the device's first HTTPS contact trusts the hub by this pin; null
   *     with TLS off
   */
  public record CreatedView(String activationId, String activationCode, Instant expiresAt,
      int maxUses, String caFingerprint) {}

  public record ActivationView(String activationId, String state, Instant createdAt,
      Instant expiresAt, int maxUses, int uses, String createdBy, String note) {}

  @POST
  public Response create(CreateRequest body, @HeaderParam(ActionRequest.ACTOR_HEADER) String actor) {
    CreateRequest b = body == null ? new CreateRequest(null, null, null, null) : body;
    long expires = b.expiresInSeconds() == null
        ? config.enrollment().defaultExpiry().toSeconds() : b.expiresInSeconds();
    int uses = b.maxUses() == null ? 1 : b.maxUses();
    if (expires < 1 || expires > Duration.ofDays(366).toSeconds() || uses < 1
        || uses > MAX_USES_LIMIT) {
      throw EnrollmentError.of(400, "invalid_request", "expiresInSeconds must be 1.."
          + Duration.ofDays(366).toSeconds() + " and maxUses 1.." + MAX_USES_LIMIT);
    }
    String who = actors.current(ActionRequest.actor(new ActionRequest(b.actor(), null), actor));
    EnrollmentService.Created c = enrollment.create(Duration.ofSeconds(expires), uses, b.note(),
        who, Instant.now());
    return Response.status(201).entity(new CreatedView(c.activation().id(), c.code(),
        c.activation().expiresAt(), c.activation().maxUses(), tls.caFingerprint().orElse(null)))
        .build();
  }

  @GET
  public List<ActivationView> list() {
    Instant now = Instant.now();
    return enrollment.list().stream().map(a -> {
      Activation.Refusal r = a.refusalAt(now);
      String state = r == null ? "ACTIVE" : r.error().equals("activation_expired") ? "EXPIRED"
          : "USED_UP";
      return new ActivationView(a.id(), state, a.createdAt(), a.expiresAt(), a.maxUses(),
          a.uses(), a.createdBy(), a.note());
    }).toList();
  }
}
