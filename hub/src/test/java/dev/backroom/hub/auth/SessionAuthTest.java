package dev.backroom.hub.auth;

import static dev.backroom.hub.auth.AuthTesting.anonymous;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backroom.hub.web.Caller;
import dev.backroom.hub.web.Roles;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Browser sessions: the cookie, the login page and form, JSON login, CSRF, logout, expiry. */
@QuarkusTest
class SessionAuthTest {
  private static final String TD = """
      {"family":"session-td","containerDefinitions":[{"name":"m","image":"backroom/busybox:1","memory":8}]}""";

  @Inject SessionStore sessions;
  @Inject Logins logins;

  record Login(String cookie, String csrf) {}

  @BeforeEach
  void users() {
    logins.resetThrottle();
    AuthTesting.tokenFor("s-operator", Roles.OPERATOR);
    AuthTesting.tokenFor("s-viewer", Roles.VIEWER);
  }

  static Login login(String username) {
    Response r = anonymous().contentType("application/json")
        .body("{\"username\":\"" + username + "\",\"password\":\"" + AuthTesting.password(username)
            + "\"}").post("/api/v1/login");
    r.then().statusCode(200).body("username", equalTo(username)).body("csrfToken", notNullValue());
    return new Login(r.getCookie(SessionStore.COOKIE), r.path("csrfToken"));
  }

  @Test
  void jsonLogin_setsAStrictHttpOnlyCookie_andTheSessionShowsTheCsrfToken() {
    Response r = anonymous().contentType("application/json")
        .body("{\"username\":\"s-operator\",\"password\":\"" + AuthTesting.password("s-operator")
            + "\"}").post("/api/v1/login");
    r.then().statusCode(200).body("role", equalTo("operator"));
    String setCookie = r.getHeader("Set-Cookie");
    assertTrue(setCookie.startsWith(SessionStore.COOKIE + "="), setCookie);
    for (String attr : new String[] {"HttpOnly", "SameSite=Strict", "Path=/"}) {
      assertTrue(setCookie.contains(attr), setCookie);
    }
    assertFalse(setCookie.contains("Secure"), "plain HTTP: a Secure cookie would never come back");
    anonymous().cookie(SessionStore.COOKIE, r.getCookie(SessionStore.COOKIE))
        .get("/api/v1/session").then().statusCode(200)
        .body("username", equalTo("s-operator")).body("role", equalTo("operator"))
        .body("csrfToken", equalTo(r.path("csrfToken")));
  }

  @Test
  void bearerSession_hasNoCsrfToken() {
    AuthTesting.given().get("/api/v1/session").then().statusCode(200)
        .body("username", equalTo(Caller.BOOTSTRAP_NAME)).body("role", equalTo("admin"))
        .body("csrfToken", nullValue());
  }

  @Test
  void cookieMutation_needsTheCsrfToken_bearerDoesNot() {
    Login s = login("s-operator");
    anonymous().cookie(SessionStore.COOKIE, s.cookie()).contentType("application/json").body(TD)
        .post("/api/v1/task-definitions").then().statusCode(403)
        .body("message", containsString("CSRF"));
    anonymous().cookie(SessionStore.COOKIE, s.cookie()).header(CsrfFilter.HEADER, s.csrf() + "x")
        .contentType("application/json").body(TD).post("/api/v1/task-definitions")
        .then().statusCode(403);
    anonymous().cookie(SessionStore.COOKIE, s.cookie()).header(CsrfFilter.HEADER, login("s-viewer").csrf())
        .contentType("application/json").body(TD).post("/api/v1/task-definitions")
        .then().statusCode(403);
    anonymous().cookie(SessionStore.COOKIE, s.cookie()).header(CsrfFilter.HEADER, s.csrf())
        .contentType("application/json").body(TD).post("/api/v1/task-definitions")
        .then().statusCode(201);
    anonymous().cookie(SessionStore.COOKIE, s.cookie()).get("/api/v1/services").then()
        .statusCode(200);
    AuthTesting.as(AuthTesting.tokenFor("s-bot", Roles.OPERATOR)).contentType("application/json")
        .body(TD).post("/api/v1/task-definitions").then().statusCode(201);
  }

  @Test
  void viewerSession_withTheRightCsrfToken_isStillRefusedAMutation() {
    Login s = login("s-viewer");
    anonymous().cookie(SessionStore.COOKIE, s.cookie()).header(CsrfFilter.HEADER, s.csrf())
        .contentType("application/json").body(TD).post("/api/v1/task-definitions")
        .then().statusCode(403);
  }

  @Test
  void loginPageAndForm_redirectHomeOnSuccess() {
    anonymous().get("/login").then().statusCode(200).contentType(containsString("text/html"))
        .body(containsString("<form method=\"post\" action=\"/login\""))
        .body(containsString("name=\"username\"")).body(containsString("name=\"password\""));
    anonymous().redirects().follow(false).formParam("username", "s-operator")
        .formParam("password", "wrong password").post("/login").then().statusCode(401)
        .body(containsString("Wrong username or password"));
    Response ok = anonymous().redirects().follow(false).formParam("username", "s-operator")
        .formParam("password", AuthTesting.password("s-operator")).post("/login");
    ok.then().statusCode(303).header("Location", org.hamcrest.Matchers.endsWith("/"));
    assertTrue(ok.getHeader("Set-Cookie").contains("SameSite=Strict"));
    anonymous().cookie(SessionStore.COOKIE, ok.getCookie(SessionStore.COOKIE))
        .get("/api/v1/session").then().statusCode(200).body("username", equalTo("s-operator"));
  }

  @Test
  void browserAskingForAPage_isSentToLogin_anApiCallGets401() {
    // What a browser sends: html first, anything else after.
    anonymous().redirects().follow(false).accept("text/html,*/*;q=0.8").get("/api/v1/services")
        .then().statusCode(401);
    anonymous().redirects().follow(false).accept("text/html").post("/logout").then()
        .statusCode(302).header("Location", "/login");
  }

  @Test
  void logout_withTheFormField_endsTheSession() {
    Login s = login("s-operator");
    anonymous().cookie(SessionStore.COOKIE, s.cookie()).redirects().follow(false)
        .accept("text/html").formParam("_csrf", "wrong").post("/logout").then().statusCode(403);
    Response out = anonymous().cookie(SessionStore.COOKIE, s.cookie()).redirects().follow(false)
        .accept("text/html").formParam("_csrf", s.csrf()).post("/logout");
    out.then().statusCode(303).header("Location", org.hamcrest.Matchers.endsWith("/login"));
    assertTrue(out.getHeader("Set-Cookie").contains("Max-Age=0"));
    anonymous().cookie(SessionStore.COOKIE, s.cookie()).get("/api/v1/session").then()
        .statusCode(401);
    // A stale cookie is no credential: the login page still answers.
    anonymous().cookie(SessionStore.COOKIE, s.cookie()).get("/login").then().statusCode(200);
  }

  @Test
  void sessions_endAfterIdleTimeout_andMaxAge_andWhenTheUserChanges() {
    Instant t0 = Instant.parse("2026-12-01T10:00:00Z");
    Caller c = new Caller("s-operator", Roles.OPERATOR, Caller.SESSION);
    String idle = sessions.create(c, t0);
    assertTrue(sessions.find(idle, t0.plus(Duration.ofMinutes(29))).isPresent());
    assertTrue(sessions.find(idle, t0.plus(Duration.ofMinutes(58))).isPresent(), "use moves it");
    assertTrue(sessions.find(idle, t0.plus(Duration.ofMinutes(89))).isEmpty(), "idle 31 min");
    String busy = sessions.create(c, t0);
    for (int m = 20; m < 12 * 60; m += 20) {
      assertTrue(sessions.find(busy, t0.plus(Duration.ofMinutes(m))).isPresent(), "minute " + m);
    }
    assertTrue(sessions.find(busy, t0.plus(Duration.ofHours(12)).plusSeconds(1)).isEmpty(),
        "max age 12 h");
    Login s = login("s-operator");
    AuthTesting.given().contentType("application/json").body("{\"password\":\""
        + AuthTesting.password("s-operator") + "\"}").put("/api/v1/users/s-operator/password")
        .then().statusCode(204);
    anonymous().cookie(SessionStore.COOKIE, s.cookie()).get("/api/v1/session").then()
        .statusCode(401);
    assertEquals(401, anonymous().cookie(SessionStore.COOKIE, "forged").get("/api/v1/services")
        .statusCode());
  }
}
