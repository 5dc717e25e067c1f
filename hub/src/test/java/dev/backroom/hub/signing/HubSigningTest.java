package dev.backroom.hub.signing;

import static dev.backroom.hub.auth.AuthTesting.anonymous;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.backroom.hub.config.HubConfig;
import dev.backroom.hub.enrollment.TestDevices;
import dev.backroom.hub.mqtt.HubMqtt;
import dev.backroom.mqtt.Topics;
import dev.backroom.mqtt.codec.MessageCodec;
import dev.backroom.mqtt.message.Assignment;
import dev.backroom.mqtt.message.DeviceCommand;
import dev.backroom.mqtt.signing.EnvelopeVerifier;
import dev.backroom.mqtt.signing.SigningKeys;
import dev.backroom.mqtt.signing.Verification;
import dev.backroom.mqtt.transport.MqttOptions;
import dev.backroom.mqtt.transport.PahoMqttTransport;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Verifies that the registration answer carries the hub's signing key, and that what the hub
 * publishes to an enrolled device over the real broker verifies with exactly that key.
 */
@QuarkusTest
class HubSigningTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String DEVICE = "sign-1";

  @Inject HubMqtt mqtt;
  @Inject HubSigning signing;
  @Inject HubConfig config;

  @Test
  void registrationAnswerPinsTheKey_andPublishedAssignmentsAndCommandsVerifyWithIt()
      throws Exception {
    JsonPath a = TestDevices.activation(1, 600);
    JsonPath r = anonymous().contentType("application/json").body("{\"activationId\":\""
            + a.getString("activationId") + "\",\"activationCode\":\""
            + a.getString("activationCode") + "\",\"deviceId\":\"" + DEVICE + "\"}")
        .post("/api/v1/device-registrations").then().statusCode(201).extract().jsonPath();
    var pinned = SigningKeys.parsePublicPem(r.getString("signingKey"));
    assertEquals(SigningKeys.keyId(pinned), r.getString("signingKeyId"));
    assertEquals(Files.readString(Path.of(config.dataDir(), "signing",
        HubSigningKey.PUBLIC_FILE)), r.getString("signingKey"));
    EnvelopeVerifier verifier = new EnvelopeVerifier(pinned, new MessageCodec());

    List<Verification<?>> got = new CopyOnWriteArrayList<>();
    MqttOptions o = new MqttOptions(mqtt.brokerUri(), "agent-" + DEVICE, r.getString("username"),
        r.getString("password").toCharArray(), 10, null, null);
    try (PahoMqttTransport device = new PahoMqttTransport(o)) {
      device.subscribe(Topics.assignment(DEVICE), 1, m -> got.add(verifier.verify(m.payload(),
          Topics.ASSIGNMENT, DEVICE, Assignment.class)));
      device.subscribe(Topics.commands(DEVICE), 1, m -> got.add(verifier.verify(m.payload(),
          Topics.COMMANDS, DEVICE, DeviceCommand.class)));
      device.start();
      await().atMost(WAIT).until(device::isConnected);
      // Retained, so it arrives whenever the subscription is served; the command is sent after.
      mqtt.publishAssignment(new Assignment(DEVICE, 3, List.of()), System.currentTimeMillis());
      await().atMost(WAIT).until(() -> !got.isEmpty());
      mqtt.publishCommand(DeviceCommand.of(DEVICE, DeviceCommand.RESTART, null, "t-1"),
          System.currentTimeMillis());
      await().atMost(WAIT).until(() -> got.size() == 2);
    }
    var asg = assertInstanceOf(Verification.Verified.class, got.get(0), got::toString);
    var cmd = assertInstanceOf(Verification.Verified.class, got.get(1), got::toString);
    assertEquals(3, ((Assignment) asg.body()).generation());
    assertEquals(signing.signer().key().epoch(), asg.epoch());
    assertEquals(signing.keyId(), cmd.kid());
  }
}
