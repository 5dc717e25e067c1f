package dev.backroom.agent.enroll;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** {@code POST /api/v1/device-registrations} with the JDK's HTTP client (no new dependency). */
public final class Registration {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The hub refused: its {@code message}, or the status when it sent none. */
  public static final class RefusedException extends Exception {
    public RefusedException(String message) {
      super(message);
    }
  }

  private Registration() {}

  public static DeviceCredentialFile register(String hubUrl, String activationId,
      String activationCode, String deviceId) throws IOException, InterruptedException,
      RefusedException {
    String base = hubUrl.endsWith("/") ? hubUrl.substring(0, hubUrl.length() - 1) : hubUrl;
    ObjectNode body = JSON.createObjectNode().put("activationId", activationId)
        .put("activationCode", activationCode).put("deviceId", deviceId);
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
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
    return new DeviceCredentialFile(answer.path("deviceId").asText(), base,
        answer.path("username").asText(), answer.path("password").asText(),
        answer.path("workloadUsername").asText(), answer.path("workloadPassword").asText(),
        answer.hasNonNull("telemetryUrl") ? answer.get("telemetryUrl").asText() : null);
  }
}
