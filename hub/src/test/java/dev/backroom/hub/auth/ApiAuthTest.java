package dev.backroom.hub.auth;

import static dev.backroom.hub.auth.AuthTesting.anonymous;
import static dev.backroom.hub.auth.AuthTesting.as;
import static dev.backroom.hub.auth.AuthTesting.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backroom.hub.web.Roles;
import dev.backroom.jdbc.Jdbc;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Who may call what: every route of the hub, anonymous and under each role. */
@QuarkusTest
class ApiAuthTest {
  /** Routes anyone may call; anything else marked @PermitAll fails {@link #everyRouteIsGuarded}. */
  static final Set<String> PUBLIC_ROUTES = Set.of("GET /login", "POST /login", "POST /api/v1/login",
      // a device has no user: the activation code authenticates it (throttled, audited)
      "POST /api/v1/device-registrations",
      // a browser's unknown path: the 404 page, which sends an anonymous browser to the login
      // form itself (UiAccess.mustLogIn) and shows nothing of the store; programs get JSON 404
      "GET /{path: (?!api/|q/|ui/|vendor/|webjars/).+}");
  /** Mutating routes open to every signed-in user: they change only the caller's own session. */
  static final Set<String> SELF_SERVICE = Set.of("POST /logout");

  private static final Map<String, String> TOKENS = new ConcurrentHashMap<>();

  @Inject Jdbc jdbc;
  @Inject Accounts accounts;

  static Stream<Routes.Route> guardedRoutes() {
    return Routes.all().stream().filter(r -> !r.guard().equals(Routes.PUBLIC));
  }

  static String token(String role) {
    return TOKENS.computeIfAbsent(role, r -> AuthTesting.tokenFor("t-" + r, r));
  }

  @Test
  void everyRouteIsGuarded() {
    for (Routes.Route r : Routes.all()) {
      assertNotEquals(Routes.UNGUARDED, r.guard(), r.javaName() + " has no security annotation");
      if (r.guard().equals(Routes.PUBLIC)) {
        assertTrue(PUBLIC_ROUTES.contains(r.method() + " " + r.template()),
            r + " is @PermitAll but not listed as public");
      } else if (r.mutating() && !SELF_SERVICE.contains(r.method() + " " + r.template())) {
        assertTrue(r.guard().equals(Roles.OPERATOR) || r.guard().equals(Roles.ADMIN),
            r + " mutates but does not need operator or admin");
      }
      if (r.template().startsWith("/api/v1/users") || r.template().startsWith("/api/v1/tokens")
          || r.template().startsWith("/api/v1/device-activations")
          || r.template().startsWith("/api/v1/access-keys")
          || r.template().equals("/api/v1/devices/{id}/revoke")) {
        assertEquals(Roles.ADMIN, r.guard(), r + " manages users or tokens");
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("guardedRoutes")
  void withoutCredentials_401(Routes.Route r) {
    send(anonymous(), r).then().statusCode(401)
        .contentType(org.hamcrest.Matchers.startsWith("application/json"))
        .body("error", equalTo("unauthorized"))
        .body("message", not(org.hamcrest.Matchers.emptyOrNullString()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("guardedRoutes")
  void eachRole_getsExactlyWhatItsRoleAllows(Routes.Route r) {
    for (String role : Roles.ALL) {
      Response answer = send(as(token(role)), r);
      int status = answer.statusCode();
      boolean allowed = r.guard().equals(Routes.AUTHENTICATED)
          || Roles.granted(role).contains(r.guard());
      if (allowed) {
        assertFalse(status == 401 || status == 403, role + " on " + r + " got " + status);
      } else {
        assertEquals(403, status, role + " on " + r);
        assertEquals("forbidden", answer.jsonPath().getString("error"), role + " on " + r);
        assertFalse(answer.jsonPath().getString("message").isBlank(), role + " on " + r);
      }
    }
  }

  @Test
  void wrongOrUnsupportedCredentials_401() {
    anonymous().header("Authorization", "Bearer brt_0011223344556677_nope")
        .get("/api/v1/services").then().statusCode(401).body("error", equalTo("unauthorized"));
    anonymous().header("Authorization", "Bearer " + AuthTesting.bootstrapToken() + "x")
        .get("/api/v1/services").then().statusCode(401);
    anonymous().header("Authorization", "Basic YWRtaW46dGVzdC1hZG1pbi1wYXNzd29yZA==")
        .get("/api/v1/services").then().statusCode(401);
  }

  @Test
  void viewerMutating_403_operatorAllowed_andTheActorIsTheAuthenticatedUser() {
    String td = """
        {"family":"auth-td","containerDefinitions":[{"name":"m","image":"backroom/busybox:1","memory":8}]}""";
    as(token(Roles.VIEWER)).contentType("application/json").body(td)
        .post("/api/v1/task-definitions").then().statusCode(403);
    as(token(Roles.OPERATOR)).contentType("application/json").body(td)
        .header("X-Backroom-Actor", "someone-else").post("/api/v1/task-definitions")
        .then().statusCode(201);
    given().get("/api/v1/events?kind=task-definition-registered&limit=1").then()
        .body("actor[0]", equalTo("t-operator"));
  }

  @Test
  void adminOnlyRoutes_refuseAnOperator() {
    as(token(Roles.OPERATOR)).get("/api/v1/users").then().statusCode(403);
    as(token(Roles.OPERATOR)).contentType("application/json")
        .body("{\"name\":\"mine\"}").post("/api/v1/tokens").then().statusCode(403);
    as(token(Roles.ADMIN)).get("/api/v1/users").then().statusCode(200);
  }

  @Test
  void revokedToken_401AtOnce() {
    String token = AuthTesting.tokenFor("t-revoked", Roles.OPERATOR);
    as(token).get("/api/v1/services").then().statusCode(200);
    String id = token.split("_")[1];
    given().delete("/api/v1/tokens/" + id).then().statusCode(204);
    as(token).get("/api/v1/services").then().statusCode(401);
    given().delete("/api/v1/tokens/" + id).then().statusCode(409);
  }

  @Test
  void tokenRole_isCappedByItsOwnRole() {
    AuthTesting.tokenFor("t-capped", Roles.ADMIN);
    String viewerToken = given().contentType("application/json")
        .body("{\"username\":\"t-capped\",\"name\":\"read only\",\"role\":\"viewer\"}")
        .post("/api/v1/tokens").then().statusCode(201).body("role", equalTo("viewer"))
        .extract().path("token");
    as(viewerToken).get("/api/v1/services").then().statusCode(200);
    as(viewerToken).delete("/api/v1/services/x").then().statusCode(403);
  }

  @Test
  void tokenSecret_isShownOnce_andStoredAsItsDigestOnly() {
    String token = AuthTesting.tokenFor("t-secret", Roles.VIEWER);
    String secret = token.substring(token.indexOf('_', 4) + 1);
    String listing = given().get("/api/v1/tokens?username=t-secret").then().statusCode(200)
        .extract().asString();
    assertFalse(listing.contains(secret), listing);
    List<String> stored = jdbc.query("select secret_hash from auth_tokens where username = ?",
        rs -> rs.getString(1), "t-secret");
    assertEquals(List.of(Secrets.sha256(secret)), stored);
  }

  @Test
  void passwordHashes_areSaltedArgon2id() {
    for (String u : List.of("t-hash-a", "t-hash-b")) {
      given().contentType("application/json")
          .body("{\"username\":\"" + u + "\",\"password\":\"same password 1\",\"role\":\"viewer\"}")
          .post("/api/v1/users").then().statusCode(201).body(not(org.hamcrest.Matchers
              .containsString("same password")));
    }
    List<String> hashes = jdbc.query("select password_hash from auth_users where username in"
        + " (?, ?) order by username", rs -> rs.getString(1), "t-hash-a", "t-hash-b");
    assertEquals(2, hashes.size());
    for (String h : hashes) {
      assertTrue(h.startsWith("$argon2id$v=19$m=19456,t=2,p=1$"), h);
      assertFalse(h.contains("same password"));
    }
    assertNotEquals(hashes.get(0).split("\\$")[4], hashes.get(1).split("\\$")[4], "salts differ");
    assertNotEquals(hashes.get(0), hashes.get(1));
    PasswordHasher hasher = new PasswordHasher(new java.security.SecureRandom());
    assertTrue(hasher.verify("same password 1", hashes.get(0)));
    assertFalse(hasher.verify("same password 2", hashes.get(0)));
  }

  @Test
  void userManagement_validatesAndRefusesDuplicates() {
    given().contentType("application/json")
        .body("{\"username\":\"Bad Name\",\"password\":\"short\",\"role\":\"root\"}")
        .post("/api/v1/users").then().statusCode(400);
    given().contentType("application/json")
        .body("{\"username\":\"bootstrap\",\"password\":\"long enough 123\",\"role\":\"admin\"}")
        .post("/api/v1/users").then().statusCode(400);
    AuthTesting.tokenFor("t-dup", Roles.VIEWER);
    given().contentType("application/json")
        .body("{\"username\":\"t-dup\",\"password\":\"long enough 123\",\"role\":\"viewer\"}")
        .post("/api/v1/users").then().statusCode(409);
    given().contentType("application/json").body("{\"role\":\"operator\"}")
        .put("/api/v1/users/t-dup/role").then().statusCode(200).body("role", equalTo("operator"));
    given().contentType("application/json").body("{\"password\":\"another one 123\"}")
        .put("/api/v1/users/t-dup/password").then().statusCode(204);
    given().delete("/api/v1/users/t-dup").then().statusCode(204);
    given().get("/api/v1/users/t-dup").then().statusCode(404);
  }

  @Test
  void theFirstAdmin_isCreatedOnce_withTheConfiguredPassword() {
    String before = jdbc.query("select password_hash from auth_users where username = 'admin'",
        rs -> rs.getString(1)).get(0);
    accounts.createFirstAdmin(java.time.Instant.now());
    assertEquals(List.of(before), jdbc.query(
        "select password_hash from auth_users where username = 'admin'", rs -> rs.getString(1)),
        "a hub that has users creates none and prints no password");
    anonymous().contentType("application/json")
        .body("{\"username\":\"admin\",\"password\":\"test-admin-password\"}")
        .post("/api/v1/login").then().statusCode(200).body("role", equalTo("admin"));
  }

  @Test
  void metricsNeedAuth_healthDoesNot() {
    anonymous().get("/q/metrics").then().statusCode(401).body("error", equalTo("unauthorized"));
    as(token(Roles.VIEWER)).get("/q/metrics").then().statusCode(200);
    anonymous().get("/q/health/ready").then().statusCode(200);
    anonymous().get("/q/health/live").then().statusCode(200);
  }

  private static Response send(RequestSpecification spec, Routes.Route r) {
    RequestSpecification s = spec.redirects().follow(false);
    if (r.mutating()) {
      s = s.contentType("application/json").body("{}");
    }
    return s.request(r.method(), r.path());
  }
}
