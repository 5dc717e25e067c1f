package dev.backroom.cloud.auth;

import static dev.backroom.cloud.support.Cloud.admin;
import static dev.backroom.cloud.support.Cloud.as;
import static dev.backroom.cloud.support.Cloud.enrolledStore;
import static dev.backroom.cloud.support.Cloud.uniqueId;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Verifies that a store acts only as itself: its id comes from the credential, never the request. */
@QuarkusTest
class TenantIsolationTest {

  private static Map<String, Object> report(long seq) {
    return Map.of("sequence", seq, "sentAt", "2026-01-01T00:00:00Z",
        "devices", java.util.List.of(Map.of("deviceId", "d1")));
  }

  @Test
  void reportsLandOnlyOnTheCredentialsStore() {
    String a = uniqueId("iso-a");
    String b = uniqueId("iso-b");
    String credA = enrolledStore(a, Map.of());
    enrolledStore(b, Map.of());
    as(credA).body(report(1)).post("/sync/v1/reports").then().statusCode(200);
    admin().get("/api/v1/stores/" + a + "/reports").then().statusCode(200)
        .body("devices[0].deviceId", equalTo("d1"));
    admin().get("/api/v1/stores/" + b + "/reports").then().statusCode(404);
    admin().get("/api/v1/stores/" + b).then().body("reportSequence", equalTo(0));
  }

  @Test
  void credentialCannotPickAnotherStore() {
    String a = uniqueId("pick-a");
    String b = uniqueId("pick-b");
    String credA = enrolledStore(a, Map.of());
    enrolledStore(b, Map.of());
    String secretA = credA.substring(credA.lastIndexOf('.') + 1);
    as("brs1." + b + "." + secretA).get("/sync/v1/desired").then().statusCode(401)
        .body("error", equalTo("unauthorized"));
    as("brs1." + b + "." + secretA).body(report(1)).post("/sync/v1/reports").then().statusCode(401);
  }

  @Test
  void wrongOrMissingTokensAreRefusedEverywhere() {
    String a = uniqueId("tok");
    String credA = enrolledStore(a, Map.of());
    given().get("/sync/v1/desired").then().statusCode(401).body("error", equalTo("unauthorized"));
    as("test-admin-token").get("/sync/v1/desired").then().statusCode(401);
    as(credA).get("/api/v1/stores").then().statusCode(401);
    given().get("/api/v1/stores").then().statusCode(401);
    as("not-the-admin-token").get("/api/v1/stores/" + a).then().statusCode(401)
        .body("message", equalTo("admin token is wrong"));
  }
}
