package dev.backroom.hub.enrollment;

import static dev.backroom.hub.auth.AuthTesting.anonymous;
import static dev.backroom.hub.auth.AuthTesting.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backroom.jdbc.Jdbc;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** Activations and registrations through the real API and H2. */
@QuarkusTest
class DeviceEnrollmentTest {
  @Inject Jdbc jdbc;

  private static String body(String id, String code, String device) {
    return "{\"activationId\":\"" + id + "\",\"activationCode\":\"" + code
        + "\",\"deviceId\":\"" + device + "\"}";
  }

  private static io.restassured.response.ValidatableResponse register(String body) {
    return anonymous().contentType("application/json").body(body)
        .post("/api/v1/device-registrations").then();
  }

  @Test
  void registrationHandsOutACredentialOnceAndStoresOnlyHashes() {
    JsonPath a = TestDevices.activation(1, 600);
    String id = a.getString("activationId");
    String code = a.getString("activationCode");
    JsonPath r = register(body(id, code, "enrol-1")).statusCode(201)
        .body("username", equalTo("device:enrol-1"))
        .body("workloadUsername", equalTo("workload:enrol-1"))
        .body("password", not(emptyOrNullString()))
        .extract().jsonPath();
    String secret = r.getString("password");
    String stored = jdbc.queryOne("select secret_hash from device_credentials where device_id = ?",
        rs -> rs.getString(1), "enrol-1").orElseThrow();
    assertTrue(stored.startsWith("$2"), "bcrypt hash expected: " + stored);
    assertFalse(stored.contains(secret));
    String codeHash = jdbc.queryOne("select code_hash from device_activations where"
        + " activation_id = ?", rs -> rs.getString(1), id).orElseThrow();
    assertTrue(codeHash.startsWith("$2") && !codeHash.contains(code));
    // the list never shows the code
    given().get("/api/v1/device-activations").then().statusCode(200)
        .body("find { it.activationId == '" + id + "' }.state", equalTo("USED_UP"))
        .body("find { it.activationId == '" + id + "' }.activationCode", equalTo(null));
    given().get("/api/v1/events?kind=device-registered&deviceId=enrol-1").then()
        .body("size()", equalTo(1));
  }

  @Test
  void reusedWrongUnknownAndExpiredActivationsAreRefusedWithClearMessages() throws Exception {
    JsonPath a = TestDevices.activation(1, 600);
    String id = a.getString("activationId");
    String code = a.getString("activationCode");
    register(body(id, code, "reuse-1")).statusCode(201);
    register(body(id, code, "reuse-2")).statusCode(410)
        .body("error", equalTo("activation_used_up"))
        .body("message", equalTo("activation " + id + " is used up (1 of 1 uses)"));
    JsonPath b = TestDevices.activation(3, 600);
    register(body(b.getString("activationId"), "WRONGCODE", "wrong-1")).statusCode(401)
        .body("error", equalTo("activation_invalid"));
    register(body("dact-nosuch", "X", "wrong-2")).statusCode(401)
        .body("message", equalTo("unknown activation dact-nosuch or wrong activation code"));
    register(body(b.getString("activationId"), b.getString("activationCode"), "bad/id"))
        .statusCode(400).body("error", equalTo("invalid_request"));
    JsonPath c = TestDevices.activation(1, 1);
    Thread.sleep(1_100);
    register(body(c.getString("activationId"), c.getString("activationCode"), "late-1"))
        .statusCode(410).body("error", equalTo("activation_expired"));
    given().get("/api/v1/events?kind=device-registration-refused&deviceId=reuse-2").then()
        .body("[0].reason", equalTo("activation_used_up"));
  }

  @Test
  void repeatedFailuresAreThrottled() {
    JsonPath a = TestDevices.activation(5, 600);
    String id = a.getString("activationId");
    for (int i = 0; i < 5; i++) {
      register(body(id, "GUESS" + i, "guess-" + i)).statusCode(401);
    }
    // even the right code waits now: the guesser cannot tell when it found it
    register(body(id, a.getString("activationCode"), "guess-ok")).statusCode(429)
        .header("Retry-After", not(emptyOrNullString()))
        .body("error", equalTo("too_many_attempts"));
    // other activations are not affected
    TestDevices.enroll("unthrottled-1");
  }

  @Test
  void activationInputIsChecked() {
    given().contentType("application/json").body("{\"maxUses\":0}")
        .post("/api/v1/device-activations").then().statusCode(400)
        .body("error", equalTo("invalid_request"));
    given().contentType("application/json").body("{\"expiresInSeconds\":-5}")
        .post("/api/v1/device-activations").then().statusCode(400);
  }
}
