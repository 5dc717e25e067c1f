package dev.backroom.hub.mqtt;

import static dev.backroom.hub.auth.AuthTesting.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.backroom.mqtt.Topics;
import dev.backroom.mqtt.codec.Decoded;
import dev.backroom.mqtt.codec.MessageCodec;
import dev.backroom.mqtt.message.Assignment;
import dev.backroom.mqtt.message.Capabilities;
import dev.backroom.hub.enrollment.TestDevices;
import dev.backroom.mqtt.transport.PahoMqttTransport;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;

/**
 * The hub on a real Mosquitto that starts with nothing but a dynamic-security admin: the hub
 * sets up its roles and its own client (user {@code hub} with this process's fresh secret); a
 * device enrolled through the API gets a Mosquitto account bound to its agent's client id,
 * registers, gets its assignment, and is cut off when revoked through the API.
 */
@QuarkusTest
@TestProfile(SecuredMosquittoProfile.class)
class HubOnSecuredMosquittoTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String DEVICE = "sec-1";

  @Test
  void hubSetsUpMosquitto_enrolledDeviceWorks_untilRevoked() throws Exception {
    await().atMost(WAIT).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
    TestDevices.Enrolled enrolled = TestDevices.enroll(DEVICE);
    MessageCodec codec = new MessageCodec();
    List<Assignment> assignments = new CopyOnWriteArrayList<>();
    try (PahoMqttTransport device = new PahoMqttTransport(enrolled.options(SecuredMosquittoResource.uri))) {
      device.subscribe(Topics.assignment(DEVICE), 1, m -> {
        if (codec.decode(m.payload(), Topics.ASSIGNMENT, DEVICE, Assignment.class)
            instanceof Decoded.Ok<Assignment> ok) {
          assignments.add(ok.body());
        }
      });
      device.start();
      await().atMost(WAIT).until(device::isConnected);
      Capabilities caps = new Capabilities(DEVICE, "secarch", "linux", 2, 1024, 0,
          Map.of("ecs.cpu-architecture", "secarch", "ecs.os-type", "linux"), "test");
      device.publish(Topics.capabilities(DEVICE), codec.encode(Topics.CAPABILITIES, DEVICE, 1, caps), 1, true);
      await().atMost(WAIT).untilAsserted(() ->
          given().get("/api/v1/devices/" + DEVICE).then().statusCode(200));
      given().contentType("application/json").body("""
          {"family":"sec-td","containerDefinitions":[{"name":"main","image":"backroom/busybox:1","memory":16}]}""")
          .post("/api/v1/task-definitions").then().statusCode(201);
      given().contentType("application/json").body("""
          {"serviceName":"sec-svc","taskDefinition":"sec-td","desiredCount":1,
           "placementConstraints":[{"type":"memberOf","expression":"attribute:ecs.cpu-architecture == secarch"}]}""")
          .post("/api/v1/services").then().statusCode(201);
      await().atMost(WAIT).until(() -> assignments.stream().anyMatch(a -> a.tasks().size() == 1));

      MqttException anonymous = assertThrows(MqttException.class, () -> {
        MqttClient c = new MqttClient(SecuredMosquittoResource.uri, "anon", new MemoryPersistence());
        try {
          c.connect();
        } finally {
          c.close(true);
        }
      });
      assertEquals(MqttException.REASON_CODE_NOT_AUTHORIZED, anonymous.getReasonCode());

      MqttException wrongClientId = assertThrows(MqttException.class, () -> {
        MqttClient c = new MqttClient(SecuredMosquittoResource.uri, "not-the-agent", new MemoryPersistence());
        try {
          MqttConnectOptions o = new MqttConnectOptions();
          o.setUserName(enrolled.username());
          o.setPassword(enrolled.password().toCharArray());
          c.connect(o);
        } finally {
          c.close(true);
        }
      });
      assertEquals(MqttException.REASON_CODE_NOT_AUTHORIZED, wrongClientId.getReasonCode());

      given().contentType("application/json").body("{\"reason\":\"test\"}")
          .post("/api/v1/devices/" + DEVICE + "/revoke").then().statusCode(200);
      await().atMost(Duration.ofSeconds(5)).until(() -> !device.isConnected());
      // The transport keeps retrying; what the broker answers the revoked credential, asked
      // directly with the agent's own client id, is CONNACK 5.
      MqttException revoked = assertThrows(MqttException.class, () -> {
        MqttClient c = new MqttClient(SecuredMosquittoResource.uri,
            enrolled.options(SecuredMosquittoResource.uri).clientId(), new MemoryPersistence());
        try {
          MqttConnectOptions o = new MqttConnectOptions();
          o.setUserName(enrolled.username());
          o.setPassword(enrolled.password().toCharArray());
          c.connect(o);
        } finally {
          c.close(true);
        }
      });
      assertEquals(MqttException.REASON_CODE_NOT_AUTHORIZED, revoked.getReasonCode(),
          "the revoked credential was not refused with CONNACK 5");
      assertFalse(device.isConnected(), "a revoked device reconnected");
    } finally {
      given().delete("/api/v1/services/sec-svc");
    }
  }
}
