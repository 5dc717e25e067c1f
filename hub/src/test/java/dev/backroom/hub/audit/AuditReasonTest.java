package dev.backroom.hub.audit;

import static dev.backroom.hub.auth.AuthTesting.anonymous;
import static dev.backroom.hub.auth.AuthTesting.as;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.backroom.hub.auth.AuthTesting;
import dev.backroom.hub.auth.CsrfFilter;
import dev.backroom.hub.auth.Logins;
import dev.backroom.hub.web.Roles;
import dev.backroom.hub.auth.SessionStore;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A refused request's audit entry says why: the error code and message the caller was answered
 * (or, for a refusal with only a status, that status's code), and the audit page shows it.
 */
@QuarkusTest
class AuditReasonTest {
  @Inject AuditLog log;
  @Inject Logins logins;

  @BeforeEach
  void resetThrottle() {
    logins.resetThrottle();
  }

  AuditEntry entry(String actor, String method, String path, Instant since) {
    return await().atMost(Duration.ofSeconds(10)).until(() -> {
      log.flush();
      return log.list(actor, since, 5000).stream()
          .filter(e -> e.method().equals(method) && e.path().equals(path)).findFirst();
    }, Optional::isPresent).orElseThrow();
  }

  @Test
  void everyKindOfRefusal_isRecordedWithItsReason_andAnAcceptedRequestWithNone() {
    Instant since = Instant.now().minusSeconds(1);
    String operator = AuthTesting.tokenFor("ar-operator", Roles.OPERATOR);
    String viewer = AuthTesting.tokenFor("ar-viewer", Roles.VIEWER);
    String answered = as(operator).contentType("application/json").body("{}")
        .post("/api/v1/task-definitions").then().statusCode(400).extract().path("message");
    as(viewer).delete("/api/v1/services/ar-x").then().statusCode(403);
    as(operator).delete("/api/v1/services/ar-none").then().statusCode(404);
    anonymous().delete("/api/v1/services/ar-anon").then().statusCode(401);
    var login = anonymous().contentType("application/json").body("{\"username\":\"ar-operator\","
        + "\"password\":\"" + AuthTesting.password("ar-operator") + "\"}").post("/api/v1/login");
    anonymous().cookie(SessionStore.COOKIE, login.getCookie(SessionStore.COOKIE))
        .header(CsrfFilter.HEADER, "wrong").delete("/api/v1/services/ar-csrf").then()
        .statusCode(403);
    anonymous().redirects().follow(false).formParam("username", "ar-viewer")
        .formParam("password", "not it at all").post("/login").then().statusCode(401);
    as(operator).contentType("application/json").body("""
        {"family":"ar-td","containerDefinitions":[{"name":"m","image":"backroom/busybox:1","memory":8}]}""")
        .post("/api/v1/task-definitions").then().statusCode(201);

    record Case(String actor, String method, String path, int status, String error,
        String message) {}
    for (Case c : new Case[] {
        new Case("ar-operator", "DELETE", "/api/v1/services/ar-none", 404, "not_found", null),
        new Case("ar-viewer", "DELETE", "/api/v1/services/ar-x", 403, "forbidden",
            "your role does not allow this"),
        new Case("anonymous", "DELETE", "/api/v1/services/ar-anon", 401, "unauthorized", null),
        new Case("ar-operator", "DELETE", "/api/v1/services/ar-csrf", 403, "csrf_refused", null),
        new Case("anonymous", "POST", "/login", 401, "unauthorized",
            "wrong username or password")}) {
      AuditEntry e = entry(c.actor(), c.method(), c.path(), since);
      assertEquals(c.status(), e.status(), e.toString());
      assertEquals(c.error(), e.error(), e.toString());
      if (c.message() != null) {
        assertEquals(c.message(), e.errorMessage(), e.toString());
      }
    }
    AuditEntry invalid = log.list("ar-operator", since, 100).stream()
        .filter(e -> e.status() == 400).findFirst().orElseThrow();
    assertEquals("invalid_request", invalid.error());
    assertEquals(answered, invalid.errorMessage());
    AuditEntry created = log.list("ar-operator", since, 100).stream()
        .filter(e -> e.status() == 201).findFirst().orElseThrow();
    assertNull(created.error(), created.toString());
    assertNull(created.errorMessage(), created.toString());

    String admin = AuthTesting.tokenFor("ar-admin", Roles.ADMIN);
    as(admin).get("/audit?actor=ar-operator").then().statusCode(200)
        .body(containsString("<code>invalid_request</code>: " + answered))
        .body(containsString("<code>not_found</code>"))
        .body(containsString("<code>csrf_refused</code>: missing or wrong CSRF token"));
    as(admin).get("/audit?actor=ar-viewer").then().statusCode(200)
        .body(containsString("<code>forbidden</code>: your role does not allow this"));
  }
}
