package dev.backroom.hub.enrollment;

import dev.backroom.hub.mqtt.HubMqtt;
import dev.backroom.hub.signing.HubSigning;
import dev.backroom.hub.telemetry.TelemetryConfig;
import dev.backroom.hub.telemetry.TelemetryService;
import dev.backroom.hub.tls.StoreTls;
import dev.backroom.mqtt.security.MqttPrincipal;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;

/**
 * A device exchanges an activation for its credential. Authenticated by the activation's id and
 * code, not by a user (the device has none). The secrets are in this answer only.
 */
@Path("/api/v1/device-registrations")
@PermitAll
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class RegistrationResource {
  @Inject EnrollmentService enrollment;
  @Inject HubMqtt mqtt;
  @Inject TelemetryService telemetry;
  @Inject TelemetryConfig telemetryConfig;
  @Inject StoreTls tls;
  @Inject HubSigning signing;

  public record RegisterRequest(String activationId, String activationCode, String deviceId) {}

  /**
   * @param username the MQTT user name of the device ({@code device:{id}})
   * @param workloadUsername the one its containers publish telemetry with ({@code workload:{id}})
   * @param caCertificate the store CA (PEM) the device pins for the broker, the telemetry
   *     listener and the API; null with TLS off
   * @param signingKey the hub's Ed25519 public key (PEM) that signs every assignment and
   *     command; the device pins it and refuses whatever it does not verify
   * @param signingKeyId its id, {@code sha256:} and the hex SHA-256 of the key's DER
   */
  public record RegisterResponse(String deviceId, String username, String password,
      String workloadUsername, String workloadPassword, String brokerUrl, String telemetryUrl,
      String caCertificate, String signingKey, String signingKeyId) {}

  @POST
  public Response register(RegisterRequest body, @Context HttpServerRequest request) {
    RegisterRequest b = body == null ? new RegisterRequest(null, null, null) : body;
    String remote = request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
    EnrollmentService.Registered r = enrollment.register(b.activationId(), b.activationCode(),
        b.deviceId(), remote, Instant.now());
    int port = telemetry.listenerPort();
    String telemetryUrl = port > 0 ? (tls.enabled() ? "ssl://" : "tcp://")
        + telemetryConfig.host() + ":" + port : null;
    return Response.status(201).entity(new RegisterResponse(r.deviceId(),
        MqttPrincipal.device(r.deviceId()).username(), r.secret(),
        MqttPrincipal.workload(r.deviceId()).username(), r.workloadSecret(), mqtt.brokerUri(),
        telemetryUrl, tls.caPem().orElse(null), signing.publicKeyPem(), signing.keyId()))
        .build();
  }
}
