package dev.backroom.hub.broker.dynsec;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backroom.harness.MosquittoProcess;
import dev.backroom.harness.Ports;
import dev.backroom.mqtt.Topics;
import dev.backroom.mqtt.security.MqttPrincipal;
import dev.backroom.mqtt.transport.MqttOptions;
import dev.backroom.mqtt.transport.PahoMqttTransport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The topic contract enforced by a real Mosquitto whose dynamic-security plugin was set up only
 * through {@link MosquittoDynamicSecurity}. Every "receives nothing" is checked against a
 * positive control sent afterwards on the same connection, so it is not a matter of waiting.
 */
class MosquittoDynamicSecurityTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final int REFUSED = 0x80;
  private static final List<String> DEVICE_KINDS = List.of(Topics.CAPABILITIES, Topics.HEARTBEAT,
      Topics.LIFECYCLE, Topics.STATUS, Topics.LOGS);
  private static final char[] HUB_PW = "hub-pw".toCharArray();
  private static final char[] A_PW = "a-pw".toCharArray();
  private static final char[] B_PW = "b-pw".toCharArray();
  private static final char[] WL_PW = "wl-pw".toCharArray();
  private static final String ADMIN = "dynsec-admin";
  private static final char[] ADMIN_PASSWORD = "admin-secret-1".toCharArray();

  @TempDir static Path dir;
  static MosquittoProcess mosquitto;
  static DynsecConnection conn;
  static MosquittoDynamicSecurity dynsec;

  @BeforeAll
  static void start() throws Exception {
    // The configuration an operator is told to write, as the hub's own DynsecBootstrap writes it.
    int port = Ports.free();
    mosquitto = MosquittoProcess.startWith(DynsecBootstrap.write(dir, port, ADMIN, ADMIN_PASSWORD),
        port);
    MqttOptions admin = new MqttOptions(mosquitto.uri(), "dynsec-admin", ADMIN, ADMIN_PASSWORD,
        10, null, null);
    conn = new DynsecConnection(new PahoMqttTransport(admin), Duration.ofSeconds(5));
    conn.start();
    assertTrue(conn.awaitConnected(WAIT), () -> mosquitto.tail(100));
    dynsec = new MosquittoDynamicSecurity(conn, PasswordProbe.connectingTo(mosquitto.uri()));
    dynsec.ensureBase("hub", HUB_PW);
    dynsec.ensureDevice("dev-a", "dev-a", A_PW);
    dynsec.ensureDevice("dev-b", "dev-b", B_PW);
    // A test-only identity that sees everything, to prove that refused messages went nowhere.
    dynsec.ensureRole("test-observer", List.of(new DynsecRoles.Acl(DynsecRoles.SUBSCRIBE, "#"),
        new DynsecRoles.Acl(DynsecRoles.PUBLISH_RECEIVE, "#")));
    dynsec.ensureClient("observer", "obs".toCharArray(), "observer", "test-observer", null);
  }

  @AfterAll
  static void stop() {
    if (conn != null) {
      conn.close();
    }
    if (mosquitto != null) {
      mosquitto.close();
    }
  }

  @Test
  void ensuringAgain_changesNothing_butANewDeviceCredentialReplacesTheOld() throws Exception {
    try (TestClient a = device("dev-a", A_PW)) {
      long start = dynsec.changes();
      dynsec.ensureBase("hub", HUB_PW);
      // The hub's client is bound to its client id, so its password cannot be probed (the probe
      // would take over the hub's session): it is set again, and that is the only change.
      assertEquals(start + 1, dynsec.changes(), "a second ensure sent more than the hub's password");
      long before = dynsec.changes();
      assertEquals(Set.copyOf(DynsecRoles.hub()), dynsec.roleAcls(DynsecRoles.HUB));
      assertEquals(Set.copyOf(DynsecRoles.device("dev-a")), dynsec.roleAcls(DynsecRoles.deviceRole("dev-a")));
      assertEquals(1, a.subscribe(Topics.assignment("dev-a")), "still connected and allowed");
      // Registering again: only the password is set, and the session it opened is dropped.
      dynsec.ensureDevice("dev-a", "dev-a", "a-new-pw".toCharArray());
      assertTrue(a.lost.await(5, TimeUnit.SECONDS), "a new credential drops the old session");
      assertEquals(before + 1, dynsec.changes());
      assertEquals(MqttException.REASON_CODE_NOT_AUTHORIZED,
          assertThrows(MqttException.class, () -> device("dev-a", A_PW)).getReasonCode(),
          "the old password must be refused with CONNACK 5");
      dynsec.ensureDevice("dev-a", "dev-a", A_PW);
      assertEquals(before + 2, dynsec.changes());
      device("dev-a", A_PW).close();
    }
  }

  @Test
  void anonymousAndWrongPasswords_areRefused() {
    MqttException anon = assertThrows(MqttException.class,
        () -> TestClient.connect(mosquitto.uri(), "anon", null, null));
    assertEquals(MqttException.REASON_CODE_NOT_AUTHORIZED, anon.getReasonCode());
    MqttException wrong = assertThrows(MqttException.class,
        () -> TestClient.connect(mosquitto.uri(), "x", "dev-a", "nope".toCharArray()));
    assertEquals(MqttException.REASON_CODE_NOT_AUTHORIZED, wrong.getReasonCode());
  }

  @Test
  void deviceAccount_isBoundToItsAgentClientId() throws Exception {
    assertEquals(MqttException.REASON_CODE_NOT_AUTHORIZED, assertThrows(MqttException.class,
        () -> TestClient.connect(mosquitto.uri(), DynsecRoles.agentClientId("dev-b"), "dev-a", A_PW))
        .getReasonCode());
    assertEquals(MqttException.REASON_CODE_NOT_AUTHORIZED, assertThrows(MqttException.class,
        () -> TestClient.connect(mosquitto.uri(), "anything", "dev-a", A_PW)).getReasonCode());
  }

  @Test
  void deviceCannotPublishAsAnotherDevice() throws Exception {
    try (TestClient hub = hub(); TestClient observer = observer(); TestClient a = device("dev-a", A_PW)) {
      assertEquals(1, hub.subscribe(Topics.allDevices(Topics.STATUS)));
      for (String kind : DEVICE_KINDS) {
        a.publish(Topics.device("dev-b", kind), "forged");
      }
      for (String kind : DEVICE_KINDS) {
        a.publish(Topics.device("dev-a", kind), "own");
      }
      await().atMost(WAIT).until(() -> observer.received.size() >= 5 && hub.received.size() >= 1);
      for (String kind : DEVICE_KINDS) {
        assertEquals(List.of(new TestClient.Received(Topics.device("dev-a", kind), "own")),
            observer.on(Topics.device("dev-a", kind)));
      }
      assertEquals(List.of(), observer.on(Topics.status("dev-b")));
      assertEquals(5, observer.received.size(), () -> "forged messages delivered: " + observer.received);
      assertEquals(List.of(new TestClient.Received(Topics.status("dev-a"), "own")), hub.received);
    }
  }

  @Test
  void deviceCannotReadAnothersAssignment_norSubscribeWidely() throws Exception {
    try (TestClient hub = hub(); TestClient a = device("dev-a", A_PW); TestClient b = device("dev-b", B_PW)) {
      assertEquals(REFUSED, a.subscribe(Topics.assignment("dev-b")));
      assertEquals(REFUSED, a.subscribe(Topics.commands("dev-b")));
      assertEquals(REFUSED, a.subscribe(Topics.allDevices(Topics.ASSIGNMENT)));
      assertEquals(REFUSED, a.subscribe("#"));
      assertEquals(REFUSED, a.subscribe(Topics.status("dev-a")), "not even its own reports");
      assertEquals(1, a.subscribe(Topics.assignment("dev-a")));
      assertEquals(1, a.subscribe(Topics.commands("dev-a")));
      assertEquals(1, b.subscribe(Topics.assignment("dev-b")));
      hub.publish(Topics.assignment("dev-b"), "for b");
      hub.publish(Topics.commands("dev-b"), "cmd b");
      hub.publish(Topics.assignment("dev-a"), "for a");
      await().atMost(WAIT).until(() -> !a.on(Topics.assignment("dev-a")).isEmpty()
          && !b.on(Topics.assignment("dev-b")).isEmpty());
      assertEquals(List.of(new TestClient.Received(Topics.assignment("dev-a"), "for a")), a.received);
    }
  }

  /** Workloads speak to the hub's telemetry listener only: the broker knows no workload. */
  @Test
  void workloadCredential_isNotABrokerAccount() throws Exception {
    assertTrue(dynsec.usernames().stream().noneMatch(u -> u.startsWith("workload:")),
        dynsec.usernames()::toString);
    assertEquals(MqttException.REASON_CODE_NOT_AUTHORIZED, assertThrows(MqttException.class,
        () -> TestClient.connect(mosquitto.uri(), "wl", MqttPrincipal.workload("dev-a").username(),
            WL_PW)).getReasonCode());
  }

  @Test
  void hubIdentity_hasWhatItNeedsAndNoMore() throws Exception {
    try (TestClient hub = hub(); TestClient observer = observer(); TestClient a = device("dev-a", A_PW)) {
      for (String kind : DEVICE_KINDS) {
        assertEquals(1, hub.subscribe(Topics.allDevices(kind)), kind);
      }
      assertEquals(1, hub.subscribe(Topics.status("dev-a")), "one device's reports lie within the hub's rule");
      assertEquals(REFUSED, hub.subscribe("#"));
      assertEquals(REFUSED, hub.subscribe(Topics.ROOT + "/devices/#"));
      assertEquals(REFUSED, hub.subscribe(Topics.ROOT + "/devices/+/+"));
      assertEquals(REFUSED, hub.subscribe(Topics.telemetry("#")));
      assertEquals(REFUSED, hub.subscribe(Topics.allDevices(Topics.ASSIGNMENT)));
      assertEquals(REFUSED, hub.subscribe(DynsecRoles.CONTROL_RESPONSE_TOPIC));
      assertEquals(1, a.subscribe(Topics.assignment("dev-a")));
      assertEquals(1, a.subscribe(Topics.commands("dev-a")));
      hub.publish(Topics.status("dev-a"), "hub posing as a device");
      hub.publish(Topics.telemetry("x"), "hub telemetry");
      hub.publish(DynsecRoles.CONTROL_TOPIC, "{\"commands\":[{\"command\":\"createClient\","
          + "\"username\":\"evil\",\"password\":\"evil\"}]}");
      hub.publish(Topics.assignment("dev-a"), "assignment");
      hub.publish(Topics.commands("dev-a"), "command");
      await().atMost(WAIT).until(() -> a.received.size() >= 2);
      assertEquals(List.of(new TestClient.Received(Topics.assignment("dev-a"), "assignment"),
          new TestClient.Received(Topics.commands("dev-a"), "command")), a.received);
      assertEquals(List.of(Topics.assignment("dev-a"), Topics.commands("dev-a")),
          observer.received.stream().map(TestClient.Received::topic).toList());
      assertEquals(MqttException.REASON_CODE_NOT_AUTHORIZED, assertThrows(MqttException.class,
          () -> TestClient.connect(mosquitto.uri(), "evil", "evil", "evil".toCharArray()).close())
          .getReasonCode(), "the hub created an account through $CONTROL");
    }
  }

  @Test
  void disabledDevice_isDisconnectedAndRefused_untilEnabled() throws Exception {
    dynsec.ensureDevice("dev-c", "dev-c", "c-pw".toCharArray());
    try (TestClient c = device("dev-c", "c-pw".toCharArray())) {
      dynsec.disableClient("dev-c");
      assertTrue(c.lost.await(5, TimeUnit.SECONDS), "disabled client still connected");
    }
    MqttException refused = assertThrows(MqttException.class, () -> device("dev-c", "c-pw".toCharArray()));
    assertEquals(MqttException.REASON_CODE_NOT_AUTHORIZED, refused.getReasonCode());
    dynsec.enableClient("dev-c");
    device("dev-c", "c-pw".toCharArray()).close();
  }

  /**
   * An unbound account could connect with any client id and take over that session. An earlier
   * hub made such workload accounts: ensureBase deletes them (dropping their sessions) and their
   * role, and binds the hub's account to its client id.
   */
  @Test
  void ensureBase_deletesLegacyWorkloadAccounts_andBindsTheHub() throws Exception {
    dynsec.ensureRole(DynsecRoles.LEGACY_WORKLOAD_ROLE, List.of(
        new DynsecRoles.Acl(DynsecRoles.PUBLISH_SEND, "backroom/v1/telemetry/#")));
    dynsec.ensureClient("workload:dev-w", WL_PW, "workload:dev-w",
        DynsecRoles.LEGACY_WORKLOAD_ROLE, null);
    try (TestClient wl = TestClient.connect(mosquitto.uri(), "any-id", "workload:dev-w", WL_PW)) {
      dynsec.ensureBase("hub", HUB_PW);
      assertTrue(wl.lost.await(5, TimeUnit.SECONDS), "a legacy workload account stayed connected");
    }
    assertEquals(MqttException.REASON_CODE_NOT_AUTHORIZED, assertThrows(MqttException.class,
        () -> TestClient.connect(mosquitto.uri(), "any-id", "workload:dev-w", WL_PW))
        .getReasonCode());
    assertNull(dynsec.roleAcls(DynsecRoles.LEGACY_WORKLOAD_ROLE));
    assertEquals(MqttException.REASON_CODE_NOT_AUTHORIZED, assertThrows(MqttException.class,
        () -> TestClient.connect(mosquitto.uri(), DynsecRoles.agentClientId("dev-a"), "hub", HUB_PW))
        .getReasonCode(), "the hub's account must be bound to " + DynsecRoles.HUB_CLIENT_ID);
    hub().close();
  }

  /** A TopicPolicy change reaches devices enrolled before it: ensureBase rewrites their roles. */
  @Test
  void ensureBase_rewritesAnEnrolledDevicesStaleRole() {
    dynsec.ensureDevice("dev-s", "dev-s", "s-pw".toCharArray());
    String role = DynsecRoles.deviceRole("dev-s");
    dynsec.ensureRole(role, List.of(new DynsecRoles.Acl(DynsecRoles.PUBLISH_SEND, "old/topic")));
    assertEquals(Set.of(new DynsecRoles.Acl(DynsecRoles.PUBLISH_SEND, "old/topic")),
        dynsec.roleAcls(role));
    dynsec.ensureBase("hub", HUB_PW);
    assertEquals(Set.copyOf(DynsecRoles.device("dev-s")), dynsec.roleAcls(role));
    dynsec.revokeDevice("dev-s");
  }

  @Test
  void revokedDevice_losesItsAccount_atOnce() throws Exception {
    dynsec.ensureDevice("dev-d", "dev-d", "d-pw".toCharArray());
    try (TestClient d = device("dev-d", "d-pw".toCharArray())) {
      dynsec.revokeDevice("dev-d");
      assertTrue(d.lost.await(5, TimeUnit.SECONDS), "revoked device still connected");
    }
    assertEquals(MqttException.REASON_CODE_NOT_AUTHORIZED,
        assertThrows(MqttException.class, () -> device("dev-d", "d-pw".toCharArray())).getReasonCode());
    assertNull(dynsec.roleAcls(DynsecRoles.deviceRole("dev-d")));
    long before = dynsec.changes();
    dynsec.revokeDevice("dev-d");
    assertEquals(before, dynsec.changes(), "revoking twice is a no-op");
  }

  @Test
  void refusals_areSurfaced() {
    DynsecException e = assertThrows(DynsecException.class, () -> dynsec.deleteClient("nobody"));
    assertEquals("deleteClient", e.command());
    assertTrue(e.getMessage().toLowerCase().contains("not found"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> dynsec.ensureDevice("a/#", "x", B_PW));
  }

  private static TestClient device(String id, char[] password) throws MqttException {
    return TestClient.connect(mosquitto.uri(), DynsecRoles.agentClientId(id), id, password);
  }

  private static TestClient hub() throws MqttException {
    return TestClient.connect(mosquitto.uri(), "backroom-hub", "hub", HUB_PW);
  }

  private static TestClient observer() throws MqttException {
    TestClient o = TestClient.connect(mosquitto.uri(), "observer", "observer", "obs".toCharArray());
    assertEquals(1, o.subscribe("#"));
    return o;
  }
}
