package dev.backroom.agent.enroll;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.backroom.mqtt.signing.SigningKeys;
import dev.backroom.mqtt.tls.PinnedCa;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.PublicKey;
import java.time.Duration;

/**
 * {@code POST /api/v1/device-registrations} with the JDK's HTTP client (no new dependency), over
 * HTTPS trusting only the pinned store CA ({@link HubTrust}).
 */
public final class Registration {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The hub refused: its {@code message}, or the status when it sent none. */
  public static final class RefusedException extends Exception {
    public RefusedException(String message) {
      super(message);
    }
  }

  private Registration() {}

  /**
   * The credential, the store CA the hub sent (null when its TLS is off) and the hub's signing
   * key (never null: a hub that sends none cannot be followed, its messages could not be
   * verified).
   */
  public record Result(DeviceCredentialFile credential, PinnedCa ca, PublicKey signingKey) {}

  /**
   * @param trust how the hub's HTTPS certificate is checked; required for {@code https://},
   *     and for {@code http://} whenever the hub answers with a CA (which is then checked
   *     against it): a CA taken unverified over plain HTTP would be no pin at all
   * @throws RefusedException when the hub refuses, or answers with another CA than the pinned one
   */
  public static Result register(String hubUrl, String activationId, String activationCode,
      String deviceId, HubTrust trust) throws IOException, InterruptedException,
      RefusedException {
    boolean https = hubUrl.startsWith("https://");
    if (https && trust == null) {
      throw new RefusedException("an https:// hub needs --ca-file or --ca-fingerprint (the"
          + " fingerprint is printed by `backroom hub activation create`)");
    }
    String base = hubUrl.endsWith("/") ? hubUrl.substring(0, hubUrl.length() - 1) : hubUrl;
    ObjectNode body = JSON.createObjectNode().put("activationId", activationId)
        .put("activationCode", activationCode).put("deviceId", deviceId);
    HttpClient.Builder hb = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10));
    if (https) {
      hb.sslContext(trust.sslContext());
    }
    HttpClient http = hb.build();
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base
            + "/api/v1/device-registrations")).timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
        HttpResponse.BodyHandlers.ofString());
    JsonNode answer;
    try {
      answer = JSON.readTree(r.body());
    } catch (IOException notJson) {
      answer = JSON.createObjectNode();
    }
    if (r.statusCode() != 201) {
      String msg = answer.path("message").asText("");
      throw new RefusedException(msg.isEmpty() ? "HTTP " + r.statusCode() + " from " + base
          : msg + " (HTTP " + r.statusCode() + ")");
    }
    PinnedCa ca = null;
    if (answer.hasNonNull("caCertificate")) {
      try {
        ca = PinnedCa.fromPem(answer.get("caCertificate").asText());
      } catch (IllegalArgumentException e) {
        throw new RefusedException("the hub's caCertificate is unusable: " + e.getMessage());
      }
      if (trust == null) {
        throw new RefusedException("the hub at " + base + " sent its CA (" + ca.fingerprint()
            + ") over plain HTTP; register over https:// or pass --ca-fingerprint to pin it");
      }
      if (!trust.matches(ca)) {
        throw new RefusedException("the hub answered with CA " + ca.fingerprint()
            + ", not the pinned " + trust.fingerprint());
      }
    }
    PublicKey signingKey;
    try {
      signingKey = SigningKeys.parsePublicPem(text(answer, "signingKey"));
    } catch (IllegalArgumentException e) {
      throw new RefusedException("the hub sent no usable signingKey (" + e.getMessage()
          + "): without it this device could not verify its assignments");
    }
    String kid = text(answer, "signingKeyId");
    if (kid != null && !kid.equals(SigningKeys.keyId(signingKey))) {
      throw new RefusedException("the hub's signingKeyId " + kid + " does not name its signingKey "
          + SigningKeys.keyId(signingKey));
    }
    return new Result(new DeviceCredentialFile(answer.path("deviceId").asText(), base,
        answer.path("username").asText(), answer.path("password").asText(),
        answer.path("workloadUsername").asText(), answer.path("workloadPassword").asText(),
        text(answer, "telemetryUrl"), text(answer, "brokerUrl")), ca, signingKey);
  }

  private static String text(JsonNode n, String field) {
    return n.hasNonNull(field) ? n.get(field).asText() : null;
  }
}
