package dev.backroom.hub.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.backroom.hub.auth.AuthTesting;
import dev.backroom.httpguard.RawRequest;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Verifies on the wire (a socket writing the request line verbatim) that the hub refuses odd
 * paths with 400 bad_path before routing and authentication: on a guarded route with and without
 * a token, and on an open one, while the plain spellings still reach their routes.
 */
@QuarkusTest
class PathGuardTest {
  @TestHTTPResource("/") URL base;

  static Stream<String> oddTargets() {
    return Stream.of(
        "/api/v1/devices;x", "/api/v1/devices;", "/api;v=1/v1/devices", "/api/v1/devices%3Bx",
        "/api/v1/devices%3bx", "/api%2Fv1/devices", "/api%2fv1%2fdevices", "/api%5Cv1/devices",
        "/api/v1/./devices", "/api/v1/x/../devices", "/api/v1/%2E%2E/v1/devices",
        "/api/v1/%2e/devices", "/ui/../api/v1/devices", "/api/v1/devices/..",
        "/q/health;x", "/q/./health", "/login/../q/health", "/q/health%2Fready",
        "/q/metrics;x", "/q/./metrics", "/ui/..%2Fq/metrics", "/ui/ws/pulse;x",
        "http://localhost/q/../q/metrics", "/api/v1/x#/../../q/metrics", "/api/v1/devices#");
  }

  @ParameterizedTest
  @MethodSource("oddTargets")
  void oddPath_isRefusedWith400_withOrWithoutCredentials(String target) throws Exception {
    assertBadPath(send(target));
    assertBadPath(send(target, "Authorization: Bearer " + AuthTesting.bootstrapToken()));
    assertBadPath(send(target, "Authorization: Bearer not-a-token"));
  }

  /**
   * Verifies that a raw backslash is refused too. Netty's request-line validation rejects it
   * (400, empty body, connection closed) before Vert.x builds a request, so neither the guard nor
   * any route or authentication sees it; Quarkus gives no hook to put a JSON body on that 400.
   */
  @Test
  void rawBackslash_isRefusedByTheHttpDecoder() throws Exception {
    for (String target : new String[] {"/api\\v1\\devices", "/q\\metrics", "/q/health\\"}) {
      RawRequest.Answer a = send(target, "Authorization: Bearer " + AuthTesting.bootstrapToken());
      assertEquals(400, a.status(), target);
      assertEquals("close", a.headers().get("connection"), target);
      assertEquals("", a.body(), target);
    }
  }

  @Test
  void plainPaths_stillReachTheirRoutes() throws Exception {
    String admin = "Authorization: Bearer " + AuthTesting.bootstrapToken();
    assertEquals(200, send("/api/v1/devices", admin).status());
    assertEquals(200, send("/api/v1/devices?state=a;b&x=%2F..", admin).status(),
        "the query is not screened");
    assertEquals(401, send("/api/v1/devices").status(), "anonymous: the usual 401, not 400");
    assertEquals(200, send("/q/health/ready").status());
    assertEquals(200, send("/login").status());
  }

  private RawRequest.Answer send(String target, String... headers) throws Exception {
    return RawRequest.send(base.getHost(), base.getPort(), "GET", target, headers);
  }

  static void assertBadPath(RawRequest.Answer a) throws Exception {
    assertEquals(400, a.status(), a.body());
    assertTrue(a.headers().getOrDefault("content-type", "").startsWith("application/json"),
        a.headers().toString());
    JsonNode json = new ObjectMapper().readTree(a.body());
    assertEquals("bad_path", json.path("error").asText(), a.body());
    assertTrue(json.path("message").asText().startsWith("the "), a.body());
  }
}
