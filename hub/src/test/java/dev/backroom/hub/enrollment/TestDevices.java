package dev.backroom.hub.enrollment;

import static dev.backroom.hub.auth.AuthTesting.anonymous;
import static dev.backroom.hub.auth.AuthTesting.given;

import dev.backroom.mqtt.security.TopicPolicy;
import dev.backroom.mqtt.transport.MqttOptions;
import io.restassured.path.json.JsonPath;

/** Enrols devices through the hub's real API, for tests that connect as a device. */
public final class TestDevices {
  private TestDevices() {}

  /** An enrolled device's answer from POST /api/v1/device-registrations. */
  public record Enrolled(String deviceId, String username, String password,
      String workloadUsername, String workloadPassword) {
    public MqttOptions options(String brokerUri) {
      return new MqttOptions(brokerUri, TopicPolicy.agentClientId(deviceId), username,
          password.toCharArray(), 10, null, null);
    }
  }

  /** {activationId, activationCode} of a fresh activation. */
  public static JsonPath activation(int maxUses, long expiresInSeconds) {
    return given().contentType("application/json")
        .body("{\"maxUses\":" + maxUses + ",\"expiresInSeconds\":" + expiresInSeconds + "}")
        .post("/api/v1/device-activations").then().statusCode(201).extract().jsonPath();
  }

  public static Enrolled enroll(String deviceId) {
    JsonPath a = activation(1, 600);
    JsonPath r = anonymous().contentType("application/json").body("{\"activationId\":\""
            + a.getString("activationId") + "\",\"activationCode\":\""
            + a.getString("activationCode") + "\",\"deviceId\":\"" + deviceId + "\"}")
        .post("/api/v1/device-registrations").then().statusCode(201).extract().jsonPath();
    return new Enrolled(r.getString("deviceId"), r.getString("username"), r.getString("password"),
        r.getString("workloadUsername"), r.getString("workloadPassword"));
  }
}
