package dev.backroom.cloud.web;

import static dev.backroom.cloud.support.Cloud.enrolledStore;
import static dev.backroom.cloud.support.Cloud.uniqueId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.backroom.cloud.support.Cloud;
import dev.backroom.httpguard.RawRequest;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Verifies on the wire (a socket writing the request line verbatim) that the cloud endpoint
 * refuses odd paths with 400 bad_path before its filters and routes, for the operator API, the
 * store API and the open probes, while the plain spellings still work.
 */
@QuarkusTest
class PathGuardTest {
  private static final String ADMIN = "Authorization: Bearer " + Cloud.ADMIN;

  @TestHTTPResource("/") URL base;

  static Stream<String> oddTargets() {
    return Stream.of(
        "/api/v1/stores;x", "/api/v1/stores%3Bx", "/api%2Fv1/stores", "/api%5Cv1/stores",
        "/api/v1/./stores", "/api/v1/x/../stores", "/api/v1/%2E%2E/v1/stores",
        "/sync/v1/desired;x?since=0", "/sync/v1/%2e/desired?since=0", "/sync%2Fv1/desired",
        "/q/health;x", "/q/./health", "/q/metrics/..", "/q/%2e%2e/q/metrics",
        "/api/v1/x#/../../q/metrics");
  }

  @ParameterizedTest
  @MethodSource("oddTargets")
  void oddPath_isRefusedWith400_withOrWithoutCredentials(String target) throws Exception {
    assertBadPath(send(target));
    assertBadPath(send(target, ADMIN));
  }

  @Test
  void plainPaths_stillWork() throws Exception {
    assertEquals(200, send("/api/v1/stores", ADMIN).status());
    assertEquals(401, send("/api/v1/stores").status(), "anonymous: the usual 401, not 400");
    String store = "Authorization: Bearer " + enrolledStore(uniqueId("pg"), Map.of());
    assertEquals(200, send("/sync/v1/desired?since=0", store).status());
    assertEquals(200, send("/q/health").status());
  }

  private RawRequest.Answer send(String target, String... headers) throws Exception {
    return RawRequest.send(base.getHost(), base.getPort(), "GET", target, headers);
  }

  private static void assertBadPath(RawRequest.Answer a) throws Exception {
    assertEquals(400, a.status(), a.body());
    assertTrue(a.headers().getOrDefault("content-type", "").startsWith("application/json"));
    JsonNode json = new ObjectMapper().readTree(a.body());
    assertEquals("bad_path", json.path("error").asText(), a.body());
  }
}
