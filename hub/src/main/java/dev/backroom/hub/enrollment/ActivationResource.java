package dev.backroom.hub.enrollment;

import dev.backroom.hub.auth.Actors;
import dev.backroom.hub.config.HubConfig;
import dev.backroom.hub.tls.StoreTls;
import dev.backroom.hub.web.ActionRequest;
import dev.backroom.hub.web.Roles;
import dev.backroom.mqtt.Topics;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Device activations, for admins: create one (its code is in this answer only) and list them.
 * The actor is the authenticated admin.
 */
@Path("/api/v1/device-activations")
@RolesAllowed(Roles.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ActivationResource {
  static final int MAX_USES_LIMIT = 10_000;
  /** The note column's size: a longer note is refused, not cut. */
  static final int MAX_NOTE = 1024;

  @Inject EnrollmentService enrollment;
  @Inject HubConfig config;
  @Inject StoreTls tls;
  @Inject Actors actors;

  /**
   * All optional: expiry in seconds (default backroom.enrollment.default-expiry), uses (1).
   *
   * @param deviceId binds the activation to this one device id (then maxUses must be 1)
   * @param replace with deviceId: it may re-enrol that device although it is enrolled already,
   *     revoking the old credential (for a device whose disk was wiped or that was replaced).
   *     Without it, registering an enrolled device id is refused with 409 device_exists.
   */
  public record CreateRequest(Long expiresInSeconds, Integer maxUses, String note, String actor,
      String deviceId, Boolean replace) {}

  /**
   * @param caFingerprint {@code sha256:<hex>} of the store CA, for {@code backroom agent register
   *     --ca-fingerprint}: the device's first HTTPS contact trusts the hub by this pin; null
   *     with TLS off
   */
  public record CreatedView(String activationId, String activationCode, Instant expiresAt,
      int maxUses, String caFingerprint, String deviceId, boolean replace) {}

  public record ActivationView(String activationId, String state, Instant createdAt,
      Instant expiresAt, int maxUses, int uses, String createdBy, String note, String deviceId,
      boolean replace) {}

  @POST
  public Response create(CreateRequest body, @HeaderParam(ActionRequest.ACTOR_HEADER) String actor,
      @Context HttpServerRequest request) {
    CreateRequest b = body == null ? new CreateRequest(null, null, null, null, null, null) : body;
    long expires = b.expiresInSeconds() == null
        ? config.enrollment().defaultExpiry().toSeconds() : b.expiresInSeconds();
    int uses = b.maxUses() == null ? 1 : b.maxUses();
    boolean replace = Boolean.TRUE.equals(b.replace());
    List<String> wrong = new ArrayList<>();
    if (expires < 1 || expires > Duration.ofDays(366).toSeconds()) {
      wrong.add("expiresInSeconds must be 1.." + Duration.ofDays(366).toSeconds());
    }
    if (uses < 1 || uses > MAX_USES_LIMIT) {
      wrong.add("maxUses must be 1.." + MAX_USES_LIMIT);
    }
    if (b.note() != null && b.note().length() > MAX_NOTE) {
      wrong.add("note must be at most " + MAX_NOTE + " characters, not " + b.note().length());
    }
    if (b.deviceId() != null && !Topics.isValidDeviceId(b.deviceId())) {
      wrong.add("deviceId must be letters, digits, '_', '.', '-' (max 64)");
    }
    if (b.deviceId() != null && uses != 1) {
      wrong.add("an activation bound to a deviceId has maxUses 1");
    }
    if (replace && b.deviceId() == null) {
      wrong.add("replace needs the deviceId of the device to re-enrol");
    }
    if (!wrong.isEmpty()) {
      throw EnrollmentError.of(400, "invalid_request", String.join("; ", wrong));
    }
    String who = actors.current(ActionRequest.actor(new ActionRequest(b.actor(), null), actor));
    EnrollmentService.Created c = enrollment.create(new EnrollmentService.Spec(
        Duration.ofSeconds(expires), uses, b.note(), b.deviceId(), replace), who,
        request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress(),
        Instant.now());
    Activation a = c.activation();
    return Response.status(201).entity(new CreatedView(a.id(), c.code(), a.expiresAt(),
        a.maxUses(), tls.caFingerprint().orElse(null), a.deviceId(), a.replace())).build();
  }

  @GET
  public List<ActivationView> list() {
    Instant now = Instant.now();
    return enrollment.list().stream().map(a -> {
      Activation.Refusal r = a.refusalAt(now);
      String state = r == null ? "ACTIVE" : r.error().equals("activation_expired") ? "EXPIRED"
          : "USED_UP";
      return new ActivationView(a.id(), state, a.createdAt(), a.expiresAt(), a.maxUses(),
          a.uses(), a.createdBy(), a.note(), a.deviceId(), a.replace());
    }).toList();
  }
}
