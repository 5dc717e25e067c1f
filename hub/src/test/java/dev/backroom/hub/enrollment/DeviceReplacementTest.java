package dev.backroom.hub.enrollment;

import static dev.backroom.hub.auth.AuthTesting.anonymous;
import static dev.backroom.hub.auth.AuthTesting.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backroom.hub.mqtt.HubMqtt;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Set;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;

/**
 * Verifies that an enrolled device id cannot be taken over with just any activation: only an
 * activation an admin bound to that id with replace re-enrols it, revoking the old credential.
 * Real API, H2 and the hub's broker.
 */
@QuarkusTest
class DeviceReplacementTest {
  /** CONNACK codes a broker refuses a wrong credential with (bad user or password, not authorized). */
  private static final Set<Integer> REFUSED = Set.of(4, 5);

  @Inject HubMqtt mqtt;

  private static JsonPath activation(String json) {
    return given().contentType("application/json").body(json)
        .post("/api/v1/device-activations").then().statusCode(201).extract().jsonPath();
  }

  private static ValidatableResponse register(JsonPath a, String deviceId) {
    return anonymous().contentType("application/json").body("{\"activationId\":\""
            + a.getString("activationId") + "\",\"activationCode\":\""
            + a.getString("activationCode") + "\",\"deviceId\":\"" + deviceId + "\"}")
        .post("/api/v1/device-registrations").then();
  }

  private MqttClient connect(String deviceId, String password) throws MqttException {
    MqttClient c = new MqttClient(mqtt.brokerUri(), "agent-" + deviceId, new MemoryPersistence());
    c.setTimeToWait(2_000);
    MqttConnectOptions o = new MqttConnectOptions();
    o.setConnectionTimeout(5);
    o.setUserName("device:" + deviceId);
    o.setPassword(password.toCharArray());
    c.connect(o);
    return c;
  }

  private void assertRefused(String deviceId, String password) {
    MqttException e = assertThrows(MqttException.class, () -> connect(deviceId, password).close());
    assertTrue(REFUSED.contains(e.getReasonCode()), "CONNACK refusal expected, got " + e);
  }

  private static void close(MqttClient c) throws MqttException {
    if (c.isConnected()) {
      c.disconnectForcibly(500, 500);
    }
    c.close(true);
  }

  @Test
  void anotherActivation_cannotTakeOverAnEnrolledDevice_andTheOldCredentialStillWorks()
      throws Exception {
    TestDevices.Enrolled victim = TestDevices.enroll("take-1");
    MqttClient live = connect("take-1", victim.password());
    for (String json : new String[] {"{}", "{\"deviceId\":\"take-1\"}"}) {
      register(activation(json), "take-1").statusCode(409)
          .body("error", equalTo("device_exists"))
          .body("message", containsString("device take-1 is enrolled already"));
    }
    assertTrue(live.isConnected(), "the real device keeps its session");
    close(live);
    close(connect("take-1", victim.password()));
    given().get("/api/v1/events?kind=device-registration-refused&deviceId=take-1").then()
        .body("size()", equalTo(2)).body("[0].reason", equalTo("device_exists"));
    given().get("/api/v1/events?kind=device-replaced&deviceId=take-1").then()
        .body("size()", equalTo(0));
  }

  @Test
  void adminReplace_reEnrolsTheDevice_revokesTheOldCredential_andIsAnEvent() throws Exception {
    TestDevices.Enrolled old = TestDevices.enroll("swap-1");
    MqttClient oldSession = connect("swap-1", old.password());
    JsonPath a = activation("{\"deviceId\":\"swap-1\",\"replace\":true,\"note\":\"disk swapped\"}");
    assertTrue(a.getBoolean("replace"));
    String fresh = register(a, "swap-1").statusCode(201)
        .body("deviceId", equalTo("swap-1")).extract().path("password");
    await().atMost(Duration.ofSeconds(10)).until(() -> !oldSession.isConnected());
    close(oldSession);
    assertRefused("swap-1", old.password());
    close(connect("swap-1", fresh));
    String actor = given().get("/api/v1/events?kind=device-activation-created&deviceId=swap-1")
        .then().statusCode(200).body("size()", equalTo(1)).extract().path("[0].actor");
    given().get("/api/v1/events?kind=device-replaced&deviceId=swap-1").then()
        .body("size()", equalTo(1))
        .body("[0].actor", equalTo(actor))
        .body("[0].reason", equalTo("activation " + a.getString("activationId")))
        .body("[0].message", containsString("re-enrolled from "))
        .body("[0].message", containsString("is revoked"));
    // the activation is spent: it cannot replace the device a second time
    register(a, "swap-1").statusCode(410).body("error", equalTo("activation_used_up"));
  }

  @Test
  void aBoundActivation_enrolsItsDeviceIdOnly() {
    JsonPath a = activation("{\"deviceId\":\"bound-1\"}");
    register(a, "bound-2").statusCode(403).body("error", equalTo("activation_bound"))
        .body("message", equalTo("activation " + a.getString("activationId")
            + " is for device bound-1 only"));
    JsonPath r = activation("{\"deviceId\":\"bound-3\",\"replace\":true}");
    register(r, "bound-4").statusCode(403).body("error", equalTo("activation_bound"));
    register(a, "bound-1").statusCode(201).body("deviceId", equalTo("bound-1"));
    given().get("/api/v1/device-activations").then()
        .body("find { it.activationId == '" + a.getString("activationId") + "' }.deviceId",
            equalTo("bound-1"));
  }

  @Test
  void aRevokedDevice_comesBackOnlyWithAReplaceActivation() throws Exception {
    TestDevices.enroll("gone-1");
    given().contentType("application/json").body("{\"reason\":\"stolen\"}")
        .post("/api/v1/devices/gone-1/revoke").then().statusCode(200);
    register(activation("{}"), "gone-1").statusCode(409).body("error", equalTo("device_revoked"));
    String fresh = register(activation("{\"deviceId\":\"gone-1\",\"replace\":true}"), "gone-1")
        .statusCode(201).extract().path("password");
    close(connect("gone-1", fresh));
  }

  @Test
  void replaceAndBindingAreChecked() {
    for (String json : new String[] {"{\"replace\":true}", "{\"deviceId\":\"x/y\"}",
        "{\"deviceId\":\"many-1\",\"maxUses\":2}"}) {
      given().contentType("application/json").body(json).post("/api/v1/device-activations")
          .then().statusCode(400).body("error", equalTo("invalid_request"));
    }
  }
}
