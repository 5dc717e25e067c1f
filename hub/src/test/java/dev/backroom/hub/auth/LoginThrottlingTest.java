package dev.backroom.hub.auth;

import static dev.backroom.hub.auth.AuthTesting.anonymous;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backroom.hub.web.Roles;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Repeated failed logins get 429 with Retry-After, per username and per remote address. */
@QuarkusTest
class LoginThrottlingTest {
  @Inject Logins logins;

  @ConfigProperty(name = "backroom.auth.throttle.free-failures-per-user")
  int freePerUser;

  @ConfigProperty(name = "backroom.auth.throttle.free-failures-per-address")
  int freePerAddress;

  @BeforeEach
  @AfterEach
  void reset() {
    logins.resetThrottle();
  }

  static Response json(String username, String password) {
    return anonymous().contentType("application/json")
        .body("{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}")
        .post("/api/v1/login");
  }

  @Test
  void perUsername_lockedOutAfterTheFreeFailures_evenWithTheRightPassword() {
    AuthTesting.tokenFor("th-alice", Roles.VIEWER);
    for (int i = 0; i < freePerUser; i++) {
      json("th-alice", "wrong " + i).then().statusCode(401);
    }
    json("th-alice", "wrong again").then().statusCode(401);
    Response locked = json("th-alice", AuthTesting.password("th-alice"));
    assertEquals(429, locked.statusCode(), locked.asString());
    long retryAfter = Long.parseLong(locked.getHeader("Retry-After"));
    assertTrue(retryAfter >= 1 && retryAfter <= 5, "base lockout 5 s in tests: " + retryAfter);
    // The form is throttled by the same counts.
    Response form = anonymous().redirects().follow(false).formParam("username", "th-alice")
        .formParam("password", AuthTesting.password("th-alice")).post("/login");
    assertEquals(429, form.statusCode());
    assertTrue(form.getHeader("Retry-After") != null);
    // Another user from the same address is not locked out by alice's failures.
    AuthTesting.tokenFor("th-bob", Roles.VIEWER);
    json("th-bob", AuthTesting.password("th-bob")).then().statusCode(200);
    await(retryAfter);
    json("th-alice", AuthTesting.password("th-alice")).then().statusCode(200);
  }

  @Test
  void perAddress_lockedOutAcrossUsernames() {
    AuthTesting.tokenFor("th-carol", Roles.VIEWER);
    for (int i = 0; i <= freePerAddress; i++) {
      // A new username every time, so that only the address count can lock out.
      json("th-nobody-" + i, "guess").then().statusCode(401);
    }
    Response locked = json("th-carol", AuthTesting.password("th-carol"));
    assertEquals(429, locked.statusCode(), locked.asString());
    assertTrue(Long.parseLong(locked.getHeader("Retry-After")) >= 1);
    // Bearer tokens are not throttled: a program with a token keeps working.
    AuthTesting.given().get("/api/v1/services").then().statusCode(200);
  }

  private static void await(long seconds) {
    try {
      Thread.sleep(seconds * 1000 + 200);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
