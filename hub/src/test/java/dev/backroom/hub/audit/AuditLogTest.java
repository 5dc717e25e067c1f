package dev.backroom.hub.audit;

import static dev.backroom.hub.auth.AuthTesting.anonymous;
import static dev.backroom.hub.auth.AuthTesting.as;
import static dev.backroom.hub.auth.AuthTesting.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backroom.hub.auth.AuthTesting;
import dev.backroom.hub.auth.Logins;
import dev.backroom.hub.web.Roles;
import dev.backroom.hub.auth.Routes;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every mutation, allowed or refused, is in the audit log with who, what, when, where, outcome. */
@QuarkusTest
class AuditLogTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  @Inject AuditLog log;
  @Inject Logins logins;

  @BeforeEach
  void resetThrottle() {
    // Other tests' failed logins from 127.0.0.1 count against this address too.
    logins.resetThrottle();
  }

  static Stream<Routes.Route> mutatingRoutes() {
    return Routes.all().stream().filter(Routes.Route::mutating);
  }

  /** The entry for {@code method path} by {@code actor}, once the writer has it. */
  AuditEntry entry(String actor, String method, String path, Instant since) {
    return await().atMost(WAIT).until(() -> {
      log.flush();
      return log.list(actor, since, 5000).stream()
          .filter(e -> e.method().equals(method) && e.path().equals(path)).findFirst();
    }, java.util.Optional::isPresent).orElseThrow();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("mutatingRoutes")
  void everyMutatingRoute_isAudited_withActorRoleStatusAndAddress(Routes.Route r) {
    String token = AuthTesting.tokenFor("au-admin", Roles.ADMIN);
    Instant since = Instant.now().minusSeconds(1);
    int status = as(token).redirects().follow(false).contentType("application/json").body("{}")
        .request(r.method(), r.path()).statusCode();
    AuditEntry e = entry("au-admin", r.method(), r.path(), since);
    assertEquals(status, e.status(), e.toString());
    assertEquals(Roles.ADMIN, e.role());
    assertEquals("bearer", e.authMethod());
    assertEquals("127.0.0.1", e.remoteAddress());
    assertTrue(!e.at().isBefore(since), e.toString());
    assertTrue(e.target() != null && !e.target().isEmpty(), e.toString());
  }

  @Test
  void aCreatedService_isItsTarget_andReadsAreNotAudited() {
    String token = AuthTesting.tokenFor("au-operator", Roles.OPERATOR);
    Instant since = Instant.now().minusSeconds(1);
    as(token).contentType("application/json").body("""
        {"family":"audit-td","containerDefinitions":[{"name":"m","image":"backroom/busybox:1","memory":8}]}""")
        .post("/api/v1/task-definitions").then().statusCode(201);
    as(token).contentType("application/json")
        .body("{\"serviceName\":\"audit-svc\",\"taskDefinition\":\"audit-td\",\"desiredCount\":0}")
        .post("/api/v1/services").then().statusCode(201);
    as(token).get("/api/v1/services/audit-svc").then().statusCode(200);
    as(token).delete("/api/v1/services/audit-svc").then().statusCode(204);
    assertEquals("services/audit-svc",
        entry("au-operator", "POST", "/api/v1/services", since).target());
    assertEquals("task-definitions/audit-td:1",
        entry("au-operator", "POST", "/api/v1/task-definitions", since).target());
    assertEquals(204, entry("au-operator", "DELETE", "/api/v1/services/audit-svc", since).status());
    assertTrue(log.list("au-operator", since, 100).stream().noneMatch(e -> e.method().equals("GET")));
  }

  @Test
  void refusedAttempts_andLogins_areOnRecordToo() {
    AuthTesting.tokenFor("au-viewer", Roles.VIEWER);
    Instant since = Instant.now().minusSeconds(1);
    anonymous().delete("/api/v1/services/anything").then().statusCode(401);
    as(AuthTesting.tokenFor("au-viewer", Roles.VIEWER)).delete("/api/v1/services/anything")
        .then().statusCode(403);
    anonymous().contentType("application/json")
        .body("{\"username\":\"au-viewer\",\"password\":\"not it at all\"}")
        .post("/api/v1/login").then().statusCode(401);
    anonymous().contentType("application/json").body("{\"username\":\"au-viewer\",\"password\":\""
        + AuthTesting.password("au-viewer") + "\"}").post("/api/v1/login").then().statusCode(200);
    AuditEntry anon = entry("anonymous", "DELETE", "/api/v1/services/anything", since);
    assertEquals(401, anon.status());
    assertEquals("none", anon.authMethod());
    assertEquals(403, entry("au-viewer", "DELETE", "/api/v1/services/anything", since).status());
    AuditEntry failed = entry("anonymous", "POST", "/api/v1/login", since);
    assertEquals(401, failed.status());
    assertEquals("user au-viewer", failed.target());
    AuditEntry ok = entry("au-viewer", "POST", "/api/v1/login", since);
    assertEquals(200, ok.status());
    assertEquals("session", ok.authMethod());
  }

  @Test
  void auditApi_filtersByActorSinceAndLimit_adminsOnly() {
    String token = AuthTesting.tokenFor("au-filter", Roles.OPERATOR);
    Instant since = Instant.now().minusSeconds(1);
    for (int i = 0; i < 3; i++) {
      as(token).delete("/api/v1/services/nothing-" + i).then().statusCode(404);
    }
    entry("au-filter", "DELETE", "/api/v1/services/nothing-2", since);
    List<Map<String, Object>> all = given().queryParam("actor", "au-filter")
        .queryParam("since", since.toString()).get("/api/v1/audit").then().statusCode(200)
        .extract().path("");
    assertEquals(3, all.size(), all.toString());
    assertEquals("/api/v1/services/nothing-2", all.get(0).get("path"), "newest first");
    assertEquals(1, given().queryParam("actor", "au-filter").queryParam("limit", 1)
        .get("/api/v1/audit").then().statusCode(200).extract().<Integer>path("size()"));
    assertEquals(0, given().queryParam("actor", "au-filter")
        .queryParam("since", Instant.now().plusSeconds(60).toString()).get("/api/v1/audit")
        .then().statusCode(200).extract().<Integer>path("size()"));
    given().queryParam("since", "yesterday").get("/api/v1/audit").then().statusCode(400);
    as(token).get("/api/v1/audit").then().statusCode(403);
  }

  @Test
  void anOversizedBody_gets413() {
    String big = "{\"family\":\"x\",\"pad\":\"" + "a".repeat(1_100_000) + "\"}";
    given().contentType("application/json").body(big).post("/api/v1/task-definitions")
        .then().statusCode(413);
    given().contentType("application/json").body(big).post("/api/v1/services")
        .then().statusCode(413);
  }
}
