package dev.backroom.hub.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.backroom.hub.auth.AuthTesting;
import dev.backroom.httpguard.RawRequest;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import java.net.URL;
import org.junit.jupiter.api.Test;

/**
 * Verifies that /q/metrics is guarded by MetricsResource's annotation, not by a path rule:
 * anonymous 401 with a JSON body, a role outside the hub's 403, every hub role 200 with the
 * Prometheus scrape and the hub's own meters, and no spelling of the path gets past the check.
 */
@QuarkusTest
class MetricsResourceTest {
  @TestHTTPResource("/") URL base;

  @Test
  void anonymous_gets401WithAJsonBody() throws Exception {
    RawRequest.Answer a = send("/q/metrics");
    assertEquals(401, a.status(), a.body());
    JsonNode json = new ObjectMapper().readTree(a.body());
    assertEquals("unauthorized", json.path("error").asText(), a.body());
    assertFalse(json.path("message").asText().isEmpty(), a.body());
    assertEquals(401, send("/q/metrics", "Authorization: Bearer not-a-token").status());
  }

  @Test
  void everyHubRole_readsThePrometheusText() throws Exception {
    for (String role : Roles.ALL) {
      String token = AuthTesting.tokenFor("metrics-" + role, role);
      RawRequest.Answer a = send("/q/metrics", "Authorization: Bearer " + token);
      assertEquals(200, a.status(), role + ": " + a.body());
      assertTrue(a.headers().get("content-type").startsWith("application/openmetrics-text"),
          a.headers().toString());
      assertTrue(a.body().contains("# TYPE backroom_telemetry_outbox_messages gauge"), a.body());
      assertTrue(a.body().contains("http_server_requests_seconds_count"), a.body());
      assertTrue(a.body().endsWith("# EOF\n"), "OpenMetrics by default, as Quarkus's route did");
    }
  }

  @Test
  void askingForTextPlain_getsThe004Format() throws Exception {
    RawRequest.Answer a = send("/q/metrics", "Accept: text/plain",
        "Authorization: Bearer " + AuthTesting.bootstrapToken());
    assertEquals(200, a.status());
    assertTrue(a.headers().get("content-type").startsWith("text/plain; version=0.0.4"));
    assertTrue(a.body().contains("# TYPE backroom_telemetry_outbox_messages gauge"), a.body());
    assertFalse(a.body().contains("# EOF"));
  }

  @Test
  @TestSecurity(user = "stranger", roles = "guest")
  void aRoleOutsideTheHubs_gets403WithAJsonBody() throws Exception {
    RawRequest.Answer a = send("/q/metrics");
    assertEquals(403, a.status(), a.body());
    assertEquals("forbidden", new ObjectMapper().readTree(a.body()).path("error").asText());
  }

  @Test
  void noSpellingOfThePath_bypassesTheCheck() throws Exception {
    for (String target : new String[] {"/q/metrics;x", "/q/metrics%3Bx", "/q/./metrics",
        "/q/x/../metrics", "/q/%2E/metrics", "/q/metrics/."}) {
      PathGuardTest.assertBadPath(send(target));
    }
    // Spellings the guard lets through are normalised by Vert.x before routing, so they reach
    // the resource and its annotation, or no route at all.
    for (String target : new String[] {"/q/%6Detrics", "//q/metrics", "/q//metrics",
        "/Q/metrics", "/q/metrics/", "/q/metrics?x=1", "/%71/metrics"}) {
      RawRequest.Answer a = send(target);
      assertTrue(a.status() == 401 || a.status() == 404, target + ": " + a.status());
      assertFalse(a.body().contains("# TYPE"), target);
    }
  }

  private RawRequest.Answer send(String target, String... headers) throws Exception {
    return RawRequest.send(base.getHost(), base.getPort(), "GET", target, headers);
  }
}
