package dev.backroom.hub.accesskeys;

import static dev.backroom.hub.auth.AuthTesting.as;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backroom.ecs.keys.AccessKeyGrant;
import dev.backroom.ecs.keys.AccessKeyLookup;
import dev.backroom.ecs.keys.AccessKeyStatus;
import dev.backroom.hub.audit.AuditEntry;
import dev.backroom.hub.audit.AuditLog;
import dev.backroom.hub.auth.AuthTesting;
import dev.backroom.hub.web.Roles;
import dev.backroom.jdbc.Jdbc;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The access key routes over HTTP, as an admin token, against the app's own H2. */
@QuarkusTest
class AccessKeyResourceTest {
  @Inject Jdbc jdbc;
  @Inject AccessKeyLookup lookup;
  @Inject AuditLog audit;

  static RequestSpecification admin() {
    return as(AuthTesting.tokenFor("ak-admin", Roles.ADMIN)).contentType("application/json");
  }

  static JsonPath create(String body) {
    return admin().body(body).post("/api/v1/access-keys").then().statusCode(201).extract()
        .jsonPath();
  }

  @Test
  void create_answersTheSecretOnce_inAwsShapes_andTheDatabaseHoldsNoPlaintext() {
    AuthTesting.tokenFor("ak-ann", Roles.OPERATOR);
    JsonPath k = create("{\"username\":\"ak-ann\",\"description\":\"ann's laptop\","
        + "\"expiresInSeconds\":3600}");
    String id = k.getString("accessKeyId");
    String secret = k.getString("secretAccessKey");
    assertTrue(id.matches("BKRM[A-Z2-7]{16}"), id);
    assertTrue(secret.matches("[A-Za-z0-9+/]{40}"), secret);
    assertEquals("ak-ann", k.getString("username"));
    assertEquals("operator", k.getString("role"), "a user's key takes the user's role");
    assertEquals("ann's laptop", k.getString("description"));
    assertEquals("ACTIVE", k.getString("status"));
    assertEquals(3600, Duration.between(Instant.parse(k.getString("createdAt")),
        Instant.parse(k.getString("expiresAt"))).toSeconds());

    String listing = admin().get("/api/v1/access-keys").then().statusCode(200)
        .body("accessKeyId", hasItem(id)).extract().asString();
    String one = admin().get("/api/v1/access-keys/" + id).then().statusCode(200)
        .body("status", equalTo("ACTIVE")).body("secretAccessKey", nullValue()).extract()
        .asString();
    assertFalse(listing.contains(secret), "the listing shows no secret");
    assertFalse(one.contains(secret), "a key's view shows no secret");

    List<String> dump = jdbc.query("script", rs -> rs.getString(1));
    assertTrue(dump.stream().anyMatch(l -> l.contains(id)));
    assertTrue(dump.stream().noneMatch(l -> l.contains(secret)), "nowhere in the database");

    AccessKeyGrant g = lookup.find(id, Instant.now()).orElseThrow();
    assertEquals(secret, g.secretAccessKey(), "the verifier gets the secret back");
    assertEquals("ak-ann", g.owner());
    assertEquals("operator", g.role());
    assertTrue(g.usable());
  }

  @Test
  void pipelineKey_hasItsOwnRole_andNoUser() {
    JsonPath k = create("{\"role\":\"viewer\",\"description\":\"ci\"}");
    assertEquals(null, k.getString("username"));
    assertEquals("viewer", k.getString("role"));
    assertEquals(null, k.getString("expiresAt"), "no expiry asked, none given");
    AccessKeyGrant g = lookup.find(k.getString("accessKeyId"), Instant.now()).orElseThrow();
    assertEquals("pipeline:" + k.getString("accessKeyId"), g.owner());
  }

  @Test
  void disableEnableDelete_changeWhatTheLookupSays_andAreAudited() {
    Instant since = Instant.now().minusSeconds(1);
    String id = create("{\"role\":\"operator\"}").getString("accessKeyId");
    admin().post("/api/v1/access-keys/" + id + "/disable").then().statusCode(200)
        .body("status", equalTo("DISABLED"));
    assertEquals(AccessKeyStatus.DISABLED, lookup.find(id, Instant.now()).orElseThrow().status());
    admin().post("/api/v1/access-keys/" + id + "/disable").then().statusCode(200)
        .body("status", equalTo("DISABLED"));
    admin().body("{}").post("/api/v1/access-keys/" + id + "/enable").then().statusCode(200)
        .body("status", equalTo("ACTIVE"));
    assertTrue(lookup.find(id, Instant.now()).orElseThrow().usable());
    admin().delete("/api/v1/access-keys/" + id).then().statusCode(204);
    assertTrue(lookup.find(id, Instant.now()).isEmpty());
    admin().get("/api/v1/access-keys/" + id).then().statusCode(404).body("error",
        equalTo("not_found"));
    admin().delete("/api/v1/access-keys/" + id).then().statusCode(404);

    List<String> audited = await().atMost(Duration.ofSeconds(10)).until(() -> {
      audit.flush();
      return audit.list("ak-admin", since, 1000).stream()
          .filter(e -> e.target() != null && e.target().startsWith("access-key " + id))
          .map(e -> e.method() + " " + e.path().replace(id, "ID") + " " + e.status())
          .collect(java.util.stream.Collectors.collectingAndThen(
              java.util.stream.Collectors.toList(), l -> {
                java.util.Collections.reverse(l);
                return l;
              }));
    }, l -> l.size() == 6);
    assertEquals(List.of("POST /api/v1/access-keys 201", "POST /api/v1/access-keys/ID/disable 200",
        "POST /api/v1/access-keys/ID/disable 200", "POST /api/v1/access-keys/ID/enable 200",
        "DELETE /api/v1/access-keys/ID 204", "DELETE /api/v1/access-keys/ID 404"), audited);
    AuditEntry created = audit.list("ak-admin", since, 1000).stream()
        .filter(e -> e.method().equals("POST") && e.target().startsWith("access-key " + id))
        .filter(e -> e.path().equals("/api/v1/access-keys")).findFirst().orElseThrow();
    assertEquals("access-key " + id + " for pipeline:" + id + " (operator)", created.target());
  }

  @Test
  void expiredKey_isExpiredInTheListingAndTheLookup_andCannotBeEnabled() {
    String id = create("{\"role\":\"viewer\",\"expiresInSeconds\":60}").getString("accessKeyId");
    assertEquals(AccessKeyStatus.ACTIVE, lookup.find(id, Instant.now()).orElseThrow().status());
    assertEquals(AccessKeyStatus.EXPIRED,
        lookup.find(id, Instant.now().plusSeconds(61)).orElseThrow().status());
    // the clock cannot be moved under the app: its expiry is moved into the past instead
    jdbc.update("update access_keys set expires_at = ? where access_key_id = ?",
        Instant.now().minusSeconds(1), id);
    admin().get("/api/v1/access-keys/" + id).then().statusCode(200)
        .body("status", equalTo("EXPIRED"));
    assertFalse(lookup.find(id, Instant.now()).orElseThrow().usable());
    admin().post("/api/v1/access-keys/" + id + "/enable").then().statusCode(409)
        .body("error", equalTo("conflict"));
  }

  /** A body and the fields it is refused at. */
  record Refusal(String body, List<String> paths) {
    @Override
    public String toString() {
      return body;
    }
  }

  static List<Refusal> refusals() {
    return List.of(
        new Refusal("{\"role\":\"root\"}", List.of("role")),
        new Refusal("{}", List.of("role")),
        new Refusal("{\"username\":\"ak-nobody\"}", List.of("username")),
        new Refusal("{\"username\":\"ak-viewer\",\"role\":\"operator\"}", List.of("role")),
        new Refusal("{\"role\":\"viewer\",\"expiresInSeconds\":59}", List.of("expiresInSeconds")),
        new Refusal("{\"role\":\"viewer\",\"expiresInSeconds\":315360001}",
            List.of("expiresInSeconds")),
        new Refusal("{\"role\":\"viewer\",\"description\":\"" + "d".repeat(257) + "\"}",
            List.of("description")),
        new Refusal("{\"role\":\"viewer\",\"name\":\"ci\"}", List.of("name")),
        new Refusal("{\"role\":\"viewer\",\"secretAccessKey\":\"mine\"}",
            List.of("secretAccessKey")),
        new Refusal("null", List.of("")),
        new Refusal("{\"username\":\"ak-nobody\",\"role\":\"root\",\"expiresInSeconds\":1}",
            List.of("username", "role", "expiresInSeconds")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusals")
  void badRequests_are400_namingEveryField_andCreateNothing(Refusal r) {
    AuthTesting.tokenFor("ak-viewer", Roles.VIEWER);
    long before = jdbc.queryOne("select count(*) from access_keys", rs -> rs.getLong(1))
        .orElseThrow();
    JsonPath answer = admin().body(r.body()).post("/api/v1/access-keys").then().statusCode(400)
        .body("error", equalTo("invalid_request")).body("message", not(equalTo("")))
        .extract().jsonPath();
    assertEquals(r.paths(), answer.getList("violations.path"), answer.prettify());
    assertEquals(before, jdbc.queryOne("select count(*) from access_keys", rs -> rs.getLong(1))
        .orElseThrow());
  }

  @Test
  void wrongTypesAndBrokenJson_are400InvalidJson() {
    for (String body : new String[] {"{\"role\":\"viewer\",\"expiresInSeconds\":90.5}",
        "{\"role\":\"viewer\",\"expiresInSeconds\":\"soon\"}",
        "{\"role\":\"viewer\",\"expiresInSeconds\":99999999999999999999}", "{\"role\":",
        "[]"}) {
      admin().body(body).post("/api/v1/access-keys").then().statusCode(400)
          .body("error", equalTo("invalid_json"));
    }
  }

  @Test
  void unknownIds_are404_andActionsRefuseABody() {
    for (String id : new String[] {"BKRMNONENONENONENONE", "x"}) {
      admin().post("/api/v1/access-keys/" + id + "/disable").then().statusCode(404)
          .body("error", equalTo("not_found"));
      admin().post("/api/v1/access-keys/" + id + "/enable").then().statusCode(404);
      admin().delete("/api/v1/access-keys/" + id).then().statusCode(404);
      admin().get("/api/v1/access-keys/" + id).then().statusCode(404);
    }
    String id = create("{\"role\":\"viewer\"}").getString("accessKeyId");
    admin().body("{\"reason\":\"leaked\"}").post("/api/v1/access-keys/" + id + "/disable")
        .then().statusCode(400).body("error", equalTo("invalid_request"));
    assertTrue(lookup.find(id, Instant.now()).orElseThrow().usable(), "a refused disable did nothing");
  }

  @Test
  void viewersAndOperators_are403_onEveryRoute() {
    String id = create("{\"role\":\"viewer\"}").getString("accessKeyId");
    for (String role : List.of(Roles.VIEWER, Roles.OPERATOR)) {
      RequestSpecification who = as(AuthTesting.tokenFor("ak-" + role + "-caller", role))
          .contentType("application/json");
      for (Map.Entry<String, String> call : Map.of("GET", "/api/v1/access-keys",
          "POST", "/api/v1/access-keys", "DELETE", "/api/v1/access-keys/" + id).entrySet()) {
        who.body("{\"role\":\"admin\"}").request(call.getKey(), call.getValue()).then()
            .statusCode(403).body("error", equalTo("forbidden"));
      }
      who.post("/api/v1/access-keys/" + id + "/disable").then().statusCode(403);
    }
    assertTrue(lookup.find(id, Instant.now()).orElseThrow().usable());
  }
}
