package dev.backroom.hub.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.backroom.hub.auth.AuthTesting;
import dev.backroom.hub.web.Roles;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Verifies that every refusal, wherever in the stack it is raised, is a JSON {@code {error,
 * message}} and never a 500, through a plain HTTP client (no RestAssured defaults).
 */
@QuarkusTest
class ErrorBodiesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** HTTP/1.1 as curl and the agent speak it (the JDK would try an h2c upgrade). */
  private static final HttpClient HTTP = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).followRedirects(HttpClient.Redirect.NEVER).build();
  private static String viewer;

  @TestHTTPResource("/") URL base;

  /** {@code who}: "admin", "viewer" or null (anonymous). */
  record Case(String name, String method, String path, String who, String contentType,
      byte[] body, int status, String error) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static Stream<Case> cases() {
    String json = "application/json";
    return Stream.of(
        new Case("anonymous on a guarded route", "GET", "/api/v1/services", null, null, null,
            401, "unauthorized"),
        new Case("a wrong bearer token", "GET", "/api/v1/services", "wrong", null, null,
            401, "unauthorized"),
        new Case("anonymous on metrics", "GET", "/q/metrics", null, null, null,
            401, "unauthorized"),
        new Case("a viewer mutating", "POST", "/api/v1/task-definitions", "viewer", json,
            utf8("{}"), 403, "forbidden"),
        new Case("an unknown API path", "GET", "/api/v1/nosuch", "admin", null, null,
            404, "not_found"),
        new Case("an unknown path", "GET", "/nosuch/at/all", "admin", null, null,
            404, "not_found"),
        new Case("a method no route takes", "DELETE", "/api/v1/device-activations", "admin",
            null, null, 405, "method_not_allowed"),
        new Case("an Accept the API cannot answer", "GET", "/api/v1/services", "admin:xml",
            null, null, 406, "not_acceptable"),
        new Case("a body that is not JSON", "POST", "/api/v1/device-activations", "admin",
            "text/plain", utf8("hello"), 415, "unsupported_media_type"),
        new Case("broken JSON", "POST", "/api/v1/device-activations", "admin", json,
            utf8("{\"maxUses\":"), 400, "invalid_json"),
        new Case("invalid UTF-8", "POST", "/api/v1/device-activations", "admin", json,
            new byte[] {'{', '"', 'n', 'o', 't', 'e', '"', ':', '"', (byte) 0xC3, (byte) 0x28,
                '"', '}'}, 400, "invalid_json"),
        new Case("a wrong type", "POST", "/api/v1/device-activations", "admin", json,
            utf8("{\"maxUses\":\"many\"}"), 400, "invalid_json"),
        new Case("a number beyond its type", "POST", "/api/v1/device-activations", "admin", json,
            utf8("{\"maxUses\":99999999999999999999999}"), 400, "invalid_json"),
        new Case("nesting 5,000 deep", "POST", "/api/v1/device-activations", "admin", json,
            utf8("{\"note\":" + "[".repeat(5_000) + "]".repeat(5_000) + "}"), 400,
            "invalid_json"),
        new Case("a body over the limit", "POST", "/api/v1/device-activations", "admin", json,
            utf8("{\"note\":\"" + "x".repeat(2_000_000) + "\"}"), 413, "body_too_large"),
        new Case("an action reason beyond its column", "POST", "/api/v1/devices/x/hold", "admin",
            json, utf8("{\"reason\":\"" + "r".repeat(5_000) + "\"}"), 400, "invalid_request"),
        new Case("nesting beyond the API's 64 levels", "POST", "/api/v1/device-activations",
            "admin", json, utf8("{\"note\":" + "[".repeat(80) + "]".repeat(80) + "}"), 400,
            "invalid_json"),
        // the four of issue 13
        new Case("a 300-character deviceId at registration", "POST",
            "/api/v1/device-registrations", null, json, utf8("{\"activationId\":\"dact-x\","
                + "\"activationCode\":\"X\",\"deviceId\":\"" + "d".repeat(300) + "\"}"),
            400, "invalid_request"),
        new Case("a 100,000-character activation note", "POST", "/api/v1/device-activations",
            "admin", json, utf8("{\"note\":\"" + "n".repeat(100_000) + "\"}"), 400,
            "invalid_request"),
        new Case("a task definition revision beyond an int", "POST", "/api/v1/services",
            "admin", json, utf8("{\"serviceName\":\"big-rev\",\"taskDefinition\":"
                + "\"hello:99999999999999999999\",\"desiredCount\":1}"), 400, "invalid_request"),
        new Case("20,000 nested parentheses in a placement expression", "POST",
            "/api/v1/services", "admin", json, utf8("{\"serviceName\":\"deep\",\"taskDefinition\":"
                + "\"hello\",\"desiredCount\":1,\"placementConstraints\":[{\"type\":\"memberOf\","
                + "\"expression\":\"" + "(".repeat(20_000) + "attribute:a == b"
                + ")".repeat(20_000) + "\"}]}"), 400, "invalid_request"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void everyRefusal_isAJsonErrorWithAMessage(Case c) throws Exception {
    HttpResponse<String> r = send(c);
    assertEquals(c.status(), r.statusCode(), c + ": " + r.body());
    assertJsonError(r, c.error());
  }

  @Test
  void aBrowserAskingForAPage_isStillSentToTheLoginForm() throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "services"))
        .header("Accept", "text/html").GET().build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(302, r.statusCode());
    assertEquals("/login?next=%2Fservices", r.headers().firstValue("Location").orElse(""));
  }

  /** The body of a refusal: JSON with a non-blank error code and message. */
  static void assertJsonError(HttpResponse<String> r, String error) throws Exception {
    assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"),
        "JSON content type expected: " + r.headers().map() + " " + r.body());
    JsonNode body = JSON.readTree(r.body());
    assertTrue(body.path("error").isTextual() && !body.path("error").asText().isBlank(),
        r.body());
    assertTrue(body.path("message").isTextual() && !body.path("message").asText().isBlank(),
        r.body());
    if (error != null) {
      assertEquals(error, body.path("error").asText(), r.body());
    }
    assertFalse(r.body().contains("Exception") || r.body().contains("\tat "), r.body());
  }

  private HttpResponse<String> send(Case c) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base.toString().replaceAll("/$", "")
        + c.path()));
    if (c.who() != null) {
      String token = switch (c.who()) {
        case "viewer" -> viewer();
        case "wrong" -> "brt_0011223344556677_nope";
        default -> AuthTesting.bootstrapToken();
      };
      b.header("Authorization", "Bearer " + token);
      if (c.who().endsWith(":xml")) {
        b.header("Accept", "application/xml");
      }
    }
    if (c.contentType() != null) {
      b.header("Content-Type", c.contentType());
    }
    b.method(c.method(), c.body() == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofByteArray(c.body()));
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static synchronized String viewer() {
    if (viewer == null) {
      viewer = AuthTesting.tokenFor("errors-viewer", Roles.VIEWER);
    }
    return viewer;
  }
}
