package dev.backroom.mqtt.broker;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backroom.mqtt.Topics;
import dev.backroom.mqtt.security.MqttPrincipal;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The real Moquette with {@link BrokerGate}: real Paho clients try what a hostile device or
 * workload on the store LAN would. The credential store is a map here; the hub's own is tested
 * in the hub.
 */
class EmbeddedBrokerSecurityIT {
  private static final Duration QUIET = Duration.ofMillis(700);
  private final Map<String, String> passwords = new ConcurrentHashMap<>();
  private final List<MqttClient> clients = new ArrayList<>();
  private EmbeddedBroker broker;
  private String uri;

  @BeforeEach
  void start() throws Exception {
    passwords.put("hub", "hub-secret");
    passwords.put("device:nuc-a", "secret-a");
    passwords.put("device:nuc-b", "secret-b");
    passwords.put("workload:nuc-a", "workload-a");
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    broker = new EmbeddedBroker("127.0.0.1", port);
    broker.start(64 * 1024, (p, pw) -> pw != null
        && new String(pw, StandardCharsets.UTF_8).equals(passwords.get(p.username())));
    uri = broker.uri();
  }

  @AfterEach
  void stop() {
    for (MqttClient c : clients) {
      try {
        if (c.isConnected()) {
          c.disconnectForcibly(500, 500);
        }
        c.close(true);
      } catch (MqttException ignored) {
        // already gone
      }
    }
    broker.close();
  }

  /**
   * Moquette 0.17 publishes a will wherever its client asked, unchecked; the broker's own
   * connection-lost event is what names the device that really went away.
   */
  @Test
  void aWillOnAnotherDevicesTopic_firesUnchecked_butTheLostConnectionNamesItsSender()
      throws Exception {
    List<String> lost = new CopyOnWriteArrayList<>();
    broker.onConnectionLost(lost::add);
    List<String> lifecycle = collect(hub(), Topics.allDevices(Topics.LIFECYCLE));
    MqttClient b = device("nuc-b", "secret-b");
    MqttClient a = client("agent-nuc-a");
    MqttConnectOptions o = new MqttConnectOptions();
    o.setUserName("device:nuc-a");
    o.setPassword("secret-a".toCharArray());
    o.setWill(Topics.lifecycle("nuc-b"), "forged".getBytes(StandardCharsets.UTF_8), 1, false);
    a.connect(o);

    a.disconnectForcibly(0, 1_000, false); // no DISCONNECT packet: the broker loses it
    await().atMost(Duration.ofSeconds(10)).until(() -> lost.contains("nuc-a"));
    await().atMost(Duration.ofSeconds(10)).until(() -> lifecycle.contains(
        Topics.lifecycle("nuc-b") + "=forged"));
    b.disconnect(); // a clean DISCONNECT is no lost connection
    Thread.sleep(QUIET.toMillis());
    assertEquals(List.of("nuc-a"), lost);
  }

  @Test
  void agentDevice_isTheDevicePrincipalsOwnAgentIdOnly() {
    assertEquals(Optional.of("nuc-a"), EmbeddedBroker.agentDevice("agent-nuc-a", "device:nuc-a"));
    assertEquals(Optional.empty(), EmbeddedBroker.agentDevice("agent-nuc-b", "device:nuc-a"));
    assertEquals(Optional.empty(), EmbeddedBroker.agentDevice("cam-1", "workload:nuc-a"));
    assertEquals(Optional.empty(), EmbeddedBroker.agentDevice("agent-nuc-a", "workload:nuc-a"));
    assertEquals(Optional.empty(), EmbeddedBroker.agentDevice("backroom-hub", "hub"));
    // without authentication (the insecure mode) the agent id is all there is
    assertEquals(Optional.of("nuc-a"), EmbeddedBroker.agentDevice("agent-nuc-a", null));
    assertEquals(Optional.empty(), EmbeddedBroker.agentDevice("agent-", null));
    assertEquals(Optional.empty(), EmbeddedBroker.agentDevice("someone", null));
  }

  private MqttClient client(String clientId) throws MqttException {
    MqttClient c = new MqttClient(uri, clientId, new MemoryPersistence());
    // Moquette never acknowledges a QoS 1 publish it refuses; do not wait for it forever
    c.setTimeToWait(2_000);
    clients.add(c);
    return c;
  }

  private MqttClient connect(String clientId, String user, String password) throws MqttException {
    MqttClient c = client(clientId);
    MqttConnectOptions o = new MqttConnectOptions();
    o.setCleanSession(true);
    o.setConnectionTimeout(5);
    if (user != null) {
      o.setUserName(user);
      o.setPassword(password.toCharArray());
    }
    c.connect(o);
    return c;
  }

  private MqttClient hub() throws MqttException {
    return connect("backroom-hub", "hub", "hub-secret");
  }

  private MqttClient device(String id, String password) throws MqttException {
    return connect("agent-" + id, "device:" + id, password);
  }

  private static List<String> collect(MqttClient c, String filter) throws MqttException {
    List<String> got = new CopyOnWriteArrayList<>();
    c.subscribe(filter, 1, (t, m) -> got.add(t + "=" + new String(m.getPayload(),
        StandardCharsets.UTF_8)));
    return got;
  }

  private static void publish(MqttClient c, String topic, String body) {
    try {
      c.publish(topic, body.getBytes(StandardCharsets.UTF_8), 1, false);
    } catch (MqttException e) {
      // a refused QoS 1 publish is never acknowledged: the wait times out
    }
  }

  private static int refusedCode(ThrowingConnect connect) {
    MqttException e = assertThrows(MqttException.class, connect::run);
    return e.getReasonCode();
  }

  private interface ThrowingConnect {
    void run() throws MqttException;
  }

  @Test
  void anonymousAndWrongCredentialsAreRefused() {
    int notAuthorized = MqttException.REASON_CODE_NOT_AUTHORIZED;
    int badCredentials = MqttException.REASON_CODE_FAILED_AUTHENTICATION;
    List<Integer> refusals = List.of(
        refusedCode(() -> connect("agent-nuc-a", null, null)),
        refusedCode(() -> device("nuc-a", "wrong")),
        refusedCode(() -> connect("agent-nuc-a", "device:nuc-b", "secret-b")),
        refusedCode(() -> connect("agent-nuc-a", "nuc-a", "secret-a")),
        refusedCode(() -> connect("backroom-hub", "workload:nuc-a", "workload-a")));
    for (int code : refusals) {
      assertTrue(code == notAuthorized || code == badCredentials, "refusal code " + code);
    }
  }

  @Test
  void deviceCannotPublishAsAnotherDevice() throws Exception {
    List<String> atHub = collect(hub(), Topics.allDevices(Topics.STATUS));
    MqttClient a = device("nuc-a", "secret-a");
    publish(a, Topics.status("nuc-b"), "forged");
    publish(device("nuc-b", "secret-b"), Topics.status("nuc-b"), "real");
    await().atMost(Duration.ofSeconds(5)).until(() -> atHub.contains(Topics.status("nuc-b") + "=real"));
    Thread.sleep(QUIET.toMillis());
    assertEquals(List.of(Topics.status("nuc-b") + "=real"), atHub);
  }

  @Test
  void deviceCannotReadAnotherDevicesAssignment() throws Exception {
    MqttClient hub = hub();
    hub.publish(Topics.assignment("nuc-b"), "for-b".getBytes(StandardCharsets.UTF_8), 1, true);
    hub.publish(Topics.assignment("nuc-a"), "for-a".getBytes(StandardCharsets.UTF_8), 1, true);
    MqttClient a = device("nuc-a", "secret-a");
    List<String> got = new CopyOnWriteArrayList<>();
    for (String filter : List.of(Topics.assignment("nuc-b"), "backroom/v1/devices/+/assignment",
        "#")) {
      try {
        a.subscribe(filter, 1, (t, m) -> got.add(t));
      } catch (MqttException refused) {
        // Paho reports a SUBACK failure as an exception; either way nothing may arrive
      }
    }
    // both assignments are retained: a granted subscription would deliver at once
    Thread.sleep(QUIET.toMillis());
    assertTrue(got.isEmpty(), "device A read " + got);
  }

  @Test
  void ownAssignmentArrives() throws Exception {
    MqttClient hub = hub();
    hub.publish(Topics.assignment("nuc-a"), "for-a".getBytes(StandardCharsets.UTF_8), 1, true);
    List<String> got = collect(device("nuc-a", "secret-a"), Topics.assignment("nuc-a"));
    await().atMost(Duration.ofSeconds(5))
        .until(() -> got.contains(Topics.assignment("nuc-a") + "=for-a"));
  }

  @Test
  void workloadCannotPublishToAnAssignmentButMayPublishTelemetry() throws Exception {
    List<String> atA = collect(device("nuc-a", "secret-a"), Topics.assignment("nuc-a"));
    MqttClient hub = connect("backroom-hub-telemetry", "hub", "hub-secret");
    List<String> telemetry = new CopyOnWriteArrayList<>();
    // the hub may not subscribe to telemetry on this broker; watch it through the publish hook
    broker.onPublish(m -> telemetry.add(m.topic()));
    MqttClient w = connect("camera-1", "workload:nuc-a", "workload-a");
    publish(w, Topics.assignment("nuc-a"), "forged");
    publish(w, Topics.telemetry("cam"), "{}");
    await().atMost(Duration.ofSeconds(5)).until(() -> telemetry.contains(Topics.telemetry("cam")));
    Thread.sleep(QUIET.toMillis());
    assertTrue(atA.isEmpty(), "workload reached the assignment: " + atA);
    assertFalse(telemetry.contains(Topics.assignment("nuc-a")));
    assertTrue(hub.isConnected());
  }

  @Test
  void revokedDeviceIsDisconnectedAndRefused() throws Exception {
    MqttClient a = device("nuc-a", "secret-a");
    MqttClient w = connect("camera-1", "workload:nuc-a", "workload-a");
    MqttClient b = device("nuc-b", "secret-b");
    passwords.remove("device:nuc-a");
    passwords.remove("workload:nuc-a");
    assertEquals(2, broker.disconnectDevice("nuc-a"));
    await().atMost(Duration.ofSeconds(5)).until(() -> !a.isConnected() && !w.isConnected());
    assertTrue(b.isConnected());
    int code = refusedCode(() -> device("nuc-a", "secret-a"));
    assertTrue(code == MqttException.REASON_CODE_FAILED_AUTHENTICATION
        || code == MqttException.REASON_CODE_NOT_AUTHORIZED, "code " + code);
    assertEquals(MqttPrincipal.device("nuc-a").username(), "device:nuc-a");
  }
}
