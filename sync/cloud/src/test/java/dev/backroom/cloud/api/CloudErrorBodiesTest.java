package dev.backroom.cloud.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.backroom.cloud.support.Cloud;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Verifies that the cloud's refusals, wherever raised, are JSON {@code {error, message}}, never
 * a 500 or an empty body, through a plain HTTP/1.1 client.
 */
@QuarkusTest
class CloudErrorBodiesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).followRedirects(HttpClient.Redirect.NEVER).build();

  @TestHTTPResource("/") URL base;

  record Case(String name, String method, String path, boolean admin, String contentType,
      String body, int status) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    String json = "application/json";
    return Stream.of(
        new Case("no credential on the sync API", "GET", "/sync/v1/desired", false, null, null,
            401),
        new Case("no credential on the operator API", "GET", "/api/v1/stores", false, null,
            null, 401),
        new Case("an unknown store", "GET", "/api/v1/stores/nosuch", true, null, null, 404),
        new Case("an unknown API path", "GET", "/api/v1/nosuch", true, null, null, 404),
        new Case("an unknown path", "GET", "/nosuch/at/all", true, null, null, 404),
        new Case("a body that is not JSON", "POST", "/api/v1/activations", true, "text/plain",
            "hello", 415),
        new Case("broken JSON", "POST", "/api/v1/activations", true, json, "{\"storeId\":", 400),
        new Case("a wrong type", "POST", "/api/v1/activations", true, json,
            "{\"storeId\":[1,2]}", 400),
        new Case("nesting 5,000 deep", "POST", "/api/v1/activations", true, json,
            "{\"storeId\":" + "[".repeat(5_000) + "]".repeat(5_000) + "}", 400),
        new Case("a body over the limit", "POST", "/api/v1/activations", true, json,
            "{\"storeId\":\"" + "x".repeat(9_000_000) + "\"}", 413));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void everyRefusal_isAJsonErrorWithAMessage(Case c) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(
        base.toString().replaceAll("/$", "") + c.path()));
    if (c.admin()) {
      b.header("Authorization", "Bearer " + Cloud.ADMIN);
    }
    if (c.contentType() != null) {
      b.header("Content-Type", c.contentType());
    }
    b.method(c.method(), c.body() == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(c.body(), StandardCharsets.UTF_8));
    HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(c.status(), r.statusCode(), c + ": " + r.body());
    assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"),
        c + ": " + r.headers().map() + " " + r.body());
    JsonNode body = JSON.readTree(r.body());
    assertTrue(body.path("error").isTextual() && !body.path("error").asText().isBlank(),
        r.body());
    assertTrue(body.path("message").isTextual() && !body.path("message").asText().isBlank(),
        r.body());
  }
}
