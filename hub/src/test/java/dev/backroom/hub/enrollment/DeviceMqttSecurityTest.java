package dev.backroom.hub.enrollment;

import static dev.backroom.hub.auth.AuthTesting.anonymous;
import static dev.backroom.hub.auth.AuthTesting.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backroom.hub.mqtt.HubMqtt;
import dev.backroom.hub.telemetry.TelemetryService;
import dev.backroom.mqtt.Topics;
import dev.backroom.mqtt.codec.MessageCodec;
import dev.backroom.mqtt.message.Capabilities;
import dev.backroom.mqtt.message.Heartbeat;
import dev.backroom.mqtt.message.Lifecycle;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;

/**
 * The hub's own Mosquitto and telemetry listener with enrolled devices: real Paho clients,
 * credentials from the real registration API (broker accounts made by the hub, telemetry
 * credentials checked against H2). Every refusal is proved by what the broker answered (CONNACK
 * code, SUBACK failure) and by the hub's event naming the client, then by the absence.
 */
@QuarkusTest
class DeviceMqttSecurityTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private final MessageCodec codec = new MessageCodec();

  @Inject HubMqtt mqtt;
  @Inject TelemetryService telemetry;
  @Inject MeterRegistry meters;

  private static MqttClient connect(String uri, String clientId, String user, String password)
      throws MqttException {
    MqttClient c = new MqttClient(uri, clientId, new MemoryPersistence());
    c.setTimeToWait(2_000);
    MqttConnectOptions o = new MqttConnectOptions();
    o.setConnectionTimeout(5);
    if (user != null) {
      o.setUserName(user);
      o.setPassword(password.toCharArray());
    }
    c.connect(o);
    return c;
  }

  private MqttClient device(TestDevices.Enrolled d) throws MqttException {
    return connect(mqtt.brokerUri(), "agent-" + d.deviceId(), d.username(), d.password());
  }

  private static void quietly(MqttClient c) {
    try {
      if (c.isConnected()) {
        c.disconnectForcibly(500, 500);
      }
      c.close(true);
    } catch (MqttException ignored) {
      // gone already
    }
  }

  @Test
  void anonymousIsRefusedOnBothListeners() {
    MqttException broker = assertThrows(MqttException.class,
        () -> quietly(connect(mqtt.brokerUri(), "agent-x", null, null)));
    assertEquals(MqttException.REASON_CODE_NOT_AUTHORIZED, broker.getReasonCode());
    MqttException listener = assertThrows(MqttException.class, () -> quietly(connect(
        "tcp://127.0.0.1:" + telemetry.listenerPort(), "cam", null, null)));
    assertTrue(listener.getReasonCode() == MqttException.REASON_CODE_NOT_AUTHORIZED
        || listener.getReasonCode() == MqttException.REASON_CODE_FAILED_AUTHENTICATION,
        "telemetry listener: " + listener);
    await().atMost(WAIT).untilAsserted(() -> given()
        .get("/api/v1/events?kind=mqtt-connect-refused").then().body("size()", greaterThan(0)));
  }

  /** The SUBACK's return code for one filter: 0x80 (128) is the broker's refusal. */
  private static int grantedQos(MqttClient c, String filter) throws MqttException {
    try {
      return c.subscribeWithResponse(filter, 1).getGrantedQos()[0];
    } catch (MqttException e) {
      if (e.getReasonCode() == 0x80) {
        return 0x80; // Paho reports a refused subscription as an exception with the code
      }
      throw e;
    }
  }

  @Test
  void deviceCannotReadAnothersAssignment() throws Exception {
    TestDevices.Enrolled a = TestDevices.enroll("sec-a");
    TestDevices.Enrolled b = TestDevices.enroll("sec-b");
    MqttClient ca = device(a);
    MqttClient cb = device(b);
    try {
      // the hub publishes a (retained) assignment for every known device on connect; give b one
      cb.publish(Topics.capabilities("sec-b"), codec.encode(Topics.CAPABILITIES, "sec-b", 1,
          caps("sec-b")), 1, true);
      List<String> own = new CopyOnWriteArrayList<>();
      cb.subscribe(Topics.assignment("sec-b"), 1, (t, m) -> own.add(t));
      await().atMost(WAIT).until(() -> !own.isEmpty());
      List<String> stolen = new CopyOnWriteArrayList<>();
      ca.setCallback(new org.eclipse.paho.client.mqttv3.MqttCallback() {
        @Override
        public void connectionLost(Throwable cause) {}

        @Override
        public void messageArrived(String topic, org.eclipse.paho.client.mqttv3.MqttMessage m) {
          stolen.add(topic);
        }

        @Override
        public void deliveryComplete(org.eclipse.paho.client.mqttv3.IMqttDeliveryToken t) {}
      });
      assertEquals(0x80, grantedQos(ca, Topics.assignment("sec-b")), "SUBACK refuses B's topic");
      await().atMost(WAIT).untilAsserted(() -> given()
          .get("/api/v1/events?kind=mqtt-subscribe-denied&deviceId=sec-a").then()
          .body("size()", greaterThan(0)).body("[0].message", containsString("agent-sec-a")));
      // The barrier, on A's own connection: A's own retained assignment, subscribed after the
      // refusal, is delivered after anything the refused subscription could have brought.
      ca.publish(Topics.capabilities("sec-a"), codec.encode(Topics.CAPABILITIES, "sec-a", 1,
          caps("sec-a")), 1, true);
      ca.subscribe(Topics.assignment("sec-a"), 1);
      await().atMost(WAIT).until(() -> stolen.contains(Topics.assignment("sec-a")));
      assertTrue(stolen.stream().allMatch(Topics.assignment("sec-a")::equals),
          "device A read B's assignment: " + stolen);
    } finally {
      quietly(ca);
      quietly(cb);
    }
  }

  @Test
  void workloadCredentialPublishesTelemetryOnlyAndADeviceCredentialIsNoWorkload() throws Exception {
    TestDevices.Enrolled d = TestDevices.enroll("sec-w");
    String telemetryUri = "tcp://127.0.0.1:" + telemetry.listenerPort();
    MqttClient w = connect(telemetryUri, "cam-1", d.workloadUsername(), d.workloadPassword());
    w.publish(Topics.telemetry("sec-w"), "{}".getBytes(StandardCharsets.UTF_8), 1, false);
    quietly(w);
    assertThrows(MqttException.class, () -> quietly(connect(telemetryUri, "cam-2", d.username(),
        d.password())));
    assertThrows(MqttException.class, () -> quietly(connect(telemetryUri, "cam-3",
        d.workloadUsername(), "wrong")));
    // The device broker holds no workload accounts: CONNACK 5 whatever the client id, and the
    // device's own session, whose id a workload account could otherwise take over, stays.
    MqttClient dev = device(d);
    List<String> got = new CopyOnWriteArrayList<>();
    dev.subscribe(Topics.assignment("sec-w"), 1, (t, m) -> got.add(new String(m.getPayload())));
    for (String clientId : List.of("cam-4", "agent-sec-w", "backroom-hub", "backroom-hub-dynsec")) {
      MqttException refused = assertThrows(MqttException.class, () -> quietly(connect(
          mqtt.brokerUri(), clientId, d.workloadUsername(), d.workloadPassword())), clientId);
      assertEquals(MqttException.REASON_CODE_NOT_AUTHORIZED, refused.getReasonCode(),
          clientId + ": " + refused);
    }
    // The device is still connected: the hub's assignment, published once its capabilities
    // arrive, reaches it.
    dev.publish(Topics.capabilities("sec-w"), codec.encode(Topics.CAPABILITIES, "sec-w", 1,
        caps("sec-w")), 1, true);
    await().atMost(WAIT).until(() -> !got.isEmpty());
    assertTrue(dev.isConnected());
    quietly(dev);
  }

  @Test
  void revokedDeviceIsDisconnectedAndRefused() throws Exception {
    TestDevices.Enrolled d = TestDevices.enroll("sec-r");
    MqttClient c = device(d);
    given().contentType("application/json").body("{\"reason\":\"stolen\"}")
        .post("/api/v1/devices/sec-r/revoke").then().statusCode(200).body("revoked", equalTo(true));
    await().atMost(WAIT).until(() -> !c.isConnected());
    assertThrows(MqttException.class, () -> quietly(device(d)));
    given().contentType("application/json").body("{}")
        .post("/api/v1/devices/sec-r/revoke").then().statusCode(409);
    given().get("/api/v1/events?kind=device-revoked&deviceId=sec-r").then()
        .body("[0].reason", equalTo("stolen"));
    quietly(c);
  }

  /**
   * Device A leaves a Will on B's lifecycle topic. Mosquitto accepts the CONNECT and, when A
   * drops, does not deliver a Will A may not publish; the hub names A in an event and counts an
   * offence. A is lost (its heartbeats stop), B stays active.
   */
  @Test
  void aLastWillSpeakingForAnotherDevice_isRefused_andTakesOnlyTheSenderOffline() throws Exception {
    TestDevices.Enrolled a = TestDevices.enroll("sec-will-a");
    TestDevices.Enrolled b = TestDevices.enroll("sec-will-b");
    MqttClient cb = device(b);
    MqttClient ca = new MqttClient(mqtt.brokerUri(), "agent-sec-will-a", new MemoryPersistence());
    ca.setTimeToWait(2_000);
    MqttConnectOptions o = new MqttConnectOptions();
    o.setUserName(a.username());
    o.setPassword(a.password().toCharArray());
    o.setWill(Topics.lifecycle("sec-will-b"), codec.encode(Topics.LIFECYCLE, "sec-will-b", 1,
        new Lifecycle("sec-will-b", Lifecycle.OFFLINE, "forged by a")), 1, false);
    ca.connect(o);
    ScheduledExecutorService beats = Executors.newSingleThreadScheduledExecutor();
    try {
      cb.publish(Topics.capabilities("sec-will-b"), codec.encode(Topics.CAPABILITIES, "sec-will-b",
          1, caps("sec-will-b")), 1, true);
      ca.publish(Topics.capabilities("sec-will-a"), codec.encode(Topics.CAPABILITIES, "sec-will-a",
          1, caps("sec-will-a")), 1, true);
      // The test profile loses a device after 3 s of silence: B keeps talking.
      AtomicLong seq = new AtomicLong();
      beats.scheduleAtFixedRate(() -> {
        try {
          cb.publish(Topics.heartbeat("sec-will-b"), codec.encode(Topics.HEARTBEAT, "sec-will-b", 1,
              new Heartbeat("sec-will-b", seq.incrementAndGet(), 0, 0)), 0, false);
        } catch (MqttException e) {
          // the assertions below say what matters
        }
      }, 0, 300, TimeUnit.MILLISECONDS);
      for (String id : List.of("sec-will-a", "sec-will-b")) {
        await().atMost(WAIT).untilAsserted(() -> given().get("/api/v1/devices/" + id).then()
            .statusCode(200).body("status", equalTo("ACTIVE")));
      }
      await().atMost(WAIT).untilAsserted(() -> given()
          .get("/api/v1/events?kind=mqtt-will-refused&deviceId=sec-will-a").then()
          .body("size()", equalTo(1))
          .body("[0].message", containsString("agent-sec-will-a"))
          .body("[0].message", containsString(Topics.lifecycle("sec-will-b"))));
      ca.disconnectForcibly(0, 1_000, false); // no DISCONNECT: the broker's turn to judge A's will
      await().atMost(WAIT).untilAsserted(() -> given().get("/api/v1/devices/sec-will-a").then()
          .body("status", equalTo("LOST")));
      Thread.sleep(1_000);
      given().get("/api/v1/devices/sec-will-b").then().body("status", equalTo("ACTIVE"));
    } finally {
      beats.shutdownNow();
      quietly(cb);
      quietly(ca);
    }
  }

  @Test
  void repeatedMalformedEnvelopesFlagTheDevice() throws Exception {
    TestDevices.Enrolled d = TestDevices.enroll("sec-junk");
    MqttClient c = device(d);
    try {
      c.publish(Topics.capabilities("sec-junk"), codec.encode(Topics.CAPABILITIES, "sec-junk", 1,
          caps("sec-junk")), 1, true);
      await().atMost(WAIT).untilAsserted(() -> given().get("/api/v1/devices/sec-junk").then()
          .statusCode(200).body("flagged", equalTo(false)));
      for (int i = 0; i < 5; i++) {
        c.publish(Topics.status("sec-junk"), ("{junk" + i).getBytes(StandardCharsets.UTF_8), 1, false);
      }
      await().atMost(WAIT).untilAsserted(() -> given().get("/api/v1/devices/sec-junk").then()
          .body("flagged", equalTo(true)).body("malformedMessages", equalTo(5)));
      given().get("/api/v1/events?kind=device-flagged&deviceId=sec-junk").then()
          .body("size()", equalTo(1));
      assertTrue(meters.get("backroom.devices.flagged").gauge().value() >= 1);
    } finally {
      quietly(c);
    }
  }

  private static Capabilities caps(String id) {
    return new Capabilities(id, "x86_64", "linux", 2, 1024, 0,
        Map.of("ecs.cpu-architecture", "x86_64", "ecs.os-type", "linux"), "test");
  }

  @Test
  void hubRefusesUnknownRevocations() {
    given().contentType("application/json").body("{}")
        .post("/api/v1/devices/never-enrolled/revoke").then().statusCode(404)
        .body("message", equalTo("no enrolled device never-enrolled"));
  }
}
