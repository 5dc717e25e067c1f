package dev.backroom.hub.broker.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.backroom.hub.broker.conformance.RawMqtt.Packet;
import dev.backroom.hub.broker.conformance.RawMqtt.Will;
import dev.backroom.mqtt.Topics;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A Last Will is a publish like any other: a broker must not deliver one to a topic its client
 * may not publish to (issue 13, the critical finding). A broker may refuse such a CONNECT
 * (CONNACK 5), or accept it and drop the Will when the connection ends; Mosquitto does the
 * latter, silently. Absence is then proved by an ordering barrier, not by waiting: a permitted
 * control Will published after the forbidden one arrives, and after it the hub's own message to
 * the victim is the first thing the victim receives.
 */
class WillAclConformanceTest {
  private static final AtomicInteger RUN = new AtomicInteger();
  private static final String BROKERS = "dev.backroom.hub.broker.conformance.Brokers#all";

  @ParameterizedTest(name = "{0}")
  @MethodSource(BROKERS)
  void deviceWill_onAnotherDevicesAssignment_isNeverDelivered(Brokers.Setup setup) {
    BrokerUnderTest broker = setup.get();
    Ids ids = Ids.next();
    assertWillRefused(broker, ids, broker.device(ids.a()),
        Topics.assignment(ids.c()), forgedAssignment(ids.c()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(BROKERS)
  void deviceWill_onAnotherDevicesCommands_isNeverDelivered(Brokers.Setup setup) {
    BrokerUnderTest broker = setup.get();
    Ids ids = Ids.next();
    assertWillRefused(broker, ids, broker.device(ids.a()),
        Topics.commands(ids.c()), forgedCommand(ids.c()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(BROKERS)
  void workloadWill_onAnotherDevicesCommands_isNeverDelivered(Brokers.Setup setup) {
    BrokerUnderTest broker = setup.get();
    Ids ids = Ids.next();
    assertWillRefused(broker, ids, broker.workload(ids.a()),
        Topics.commands(ids.c()), forgedCommand(ids.c()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(BROKERS)
  void workloadWill_onItsOwnDevicesAssignment_isNeverDelivered(Brokers.Setup setup) {
    BrokerUnderTest broker = setup.get();
    Ids ids = Ids.next();
    // A container must not be able to rewrite its own device's assignment either.
    assertWillRefused(broker, ids, broker.workload(ids.c()),
        Topics.assignment(ids.c()), forgedAssignment(ids.c()));
  }

  /** Verifies that a forged "C is offline" cannot be planted to make the hub move C's tasks. */
  @ParameterizedTest(name = "{0}")
  @MethodSource(BROKERS)
  void deviceWill_onAnotherDevicesLifecycle_isNeverDelivered(Brokers.Setup setup) {
    BrokerUnderTest broker = setup.get();
    Ids ids = Ids.next();
    assertWillRefused(broker, ids, broker.device(ids.a()), Topics.lifecycle(ids.c()),
        "{\"v\":1,\"type\":\"lifecycle\",\"deviceId\":\"" + ids.c() + "\",\"ts\":1,"
            + "\"body\":{\"deviceId\":\"" + ids.c() + "\",\"state\":\"offline\"}} " + ids.nonce());
  }

  /** The control every refusal above relies on: a Will on the device's own lifecycle arrives. */
  @ParameterizedTest(name = "{0}")
  @MethodSource(BROKERS)
  void deviceWill_onItsOwnLifecycle_isDelivered(Brokers.Setup setup) {
    BrokerUnderTest broker = setup.get();
    Ids ids = Ids.next();
    try (RawClient hub = hubWatchingLifecycles(broker)) {
      String payload = "offline " + ids.nonce();
      RawClient a = RawClient.connect(broker, broker.device(ids.a()).clientId(),
          broker.device(ids.a()), true, Will.of(Topics.lifecycle(ids.a()), payload));
      a.requireAccepted();
      a.dropWithoutDisconnect();
      Packet will = hub.awaitPublish(p -> p.payload().equals(payload), RawClient.ANSWER);
      assertNotNull(will, () -> "the permitted Will never arrived; broker log:\n" + broker.log());
      assertEquals(Topics.lifecycle(ids.a()), will.topic());
      assertEquals(1, will.qos());
    }
  }

  /**
   * The attack: {@code attacker} sets a retained QoS 1 Will on {@code topic} and drops its
   * connection. Passes when the broker refused the CONNECT with CONNACK 5, or when the Will
   * provably never reached anyone: not device C (subscribed to its assignment and commands),
   * not the hub (subscribed to every lifecycle), and not a later subscriber as a retained message.
   */
  private static void assertWillRefused(BrokerUnderTest broker, Ids ids, Account attacker,
      String topic, String payload) {
    Account c = broker.device(ids.c());
    String how;
    try (RawClient victim = RawClient.connected(broker, c);
        RawClient hub = hubWatchingLifecycles(broker)) {
      assertEquals(List.of(1, 1), victim.subscribe(1, Topics.assignment(ids.c()),
          Topics.commands(ids.c())));

      RawClient evil = RawClient.connect(broker, attacker.clientId(), attacker, true,
          new Will(topic, payload.getBytes(StandardCharsets.UTF_8), 1, true));
      Packet connack = evil.connack();
      if (connack == null || connack.returnCode() != RawMqtt.ACCEPTED) {
        assertEquals(RawMqtt.NOT_AUTHORIZED, connack == null ? -1 : connack.returnCode(),
            "a refused CONNECT must say 'not authorized'");
        assertTrue(evil.awaitClosedByBroker(RawClient.ANSWER), "refused, yet left connected");
        evil.close();
        how = "refused at CONNECT (CONNACK 5)";
      } else {
        evil.dropWithoutDisconnect();
        how = "CONNECT accepted, Will dropped (proved by the barrier)";
      }

      // The barrier. Device A's permitted Will is published after the forbidden one was handled
      // (the broker had closed the attacker's connection), and arrives.
      String control = "control " + ids.nonce();
      Account a = broker.device(ids.a());
      RawClient controlClient = RawClient.connect(broker, a.clientId(), a, true,
          Will.of(Topics.lifecycle(ids.a()), control));
      controlClient.requireAccepted();
      controlClient.dropWithoutDisconnect();
      assertNotNull(hub.awaitPublish(p -> p.payload().equals(control), RawClient.ANSWER),
          () -> "the control Will never arrived, so the test proves nothing; broker log:\n"
              + broker.log());
      // Mosquitto routes from one thread: anything for C from before the control went out first.
      // The hub's own messages to C must be the first C receives.
      // The hub's account is bound to one client id, so the watching connection sends them.
      hub.publishAcknowledged(Topics.assignment(ids.c()), "hub marker " + ids.nonce());
      hub.publishAcknowledged(Topics.commands(ids.c()), "hub marker " + ids.nonce());
      assertNotNull(victim.awaitPublish(p -> p.topic().equals(Topics.commands(ids.c())),
          RawClient.ANSWER), "the hub's marker never reached device C");
      assertEquals(List.of(Topics.assignment(ids.c()) + " hub marker " + ids.nonce(),
          Topics.commands(ids.c()) + " hub marker " + ids.nonce()),
          victim.publishes().stream().map(p -> p.topic() + " " + p.payload()).toList(),
          "device C received a forged message");
      hub.ping();
      assertTrue(hub.publishes().stream().noneMatch(p -> p.payload().equals(payload)),
          () -> "the hub received the forged Will: " + hub.publishes());
    }
    assertNotRetained(broker, broker.device(ids.c()), topic, payload);
    System.out.printf("[will-acl] %s: %s, Will on %s: %s%n", broker, attacker.username(), topic,
        how);
  }

  /** A fresh subscriber to the topic gets no retained copy of the forged Will. */
  private static void assertNotRetained(BrokerUnderTest broker, Account c, String topic,
      String payload) {
    boolean hubReads = topic.endsWith("/" + Topics.LIFECYCLE);
    Account reader = hubReads ? broker.hub() : c;
    try (RawClient r = RawClient.connected(broker, reader)) {
      assertEquals(List.of(1), r.subscribe(1, topic));
      r.ping(); // retained messages are queued with the SUBACK, so before the PINGRESP
      for (Packet p : r.publishes()) {
        if (p.payload().equals(payload)) {
          fail("the forged Will was retained on " + topic + ": " + p);
        }
      }
    }
  }

  private static RawClient hubWatchingLifecycles(BrokerUnderTest broker) {
    RawClient hub = RawClient.connected(broker, broker.hub());
    assertEquals(List.of(1), hub.subscribe(1, Topics.allDevices(Topics.LIFECYCLE)));
    return hub;
  }

  /** The probe's payload: a generation far ahead, one root task writing to a host path. */
  static String forgedAssignment(String deviceId) {
    return "{\"v\":1,\"type\":\"assignment\",\"deviceId\":\"" + deviceId + "\",\"ts\":1,"
        + "\"body\":{\"deviceId\":\"" + deviceId + "\",\"generation\":999999,\"tasks\":[{"
        + "\"taskId\":\"forged\",\"serviceName\":\"forged\",\"specHash\":\"x\","
        + "\"taskDefinition\":{\"family\":\"forged\",\"volumes\":[{\"name\":\"root\","
        + "\"host\":{\"sourcePath\":\"/\"}}],\"containerDefinitions\":[{\"name\":\"main\","
        + "\"image\":\"backroom/busybox:1\",\"user\":\"0\",\"command\":[\"sh\",\"-c\","
        + "\"echo owned > /host/owned\"],\"mountPoints\":[{\"sourceVolume\":\"root\","
        + "\"containerPath\":\"/host\"}]}]}}]}}";
  }

  static String forgedCommand(String deviceId) {
    return "{\"v\":1,\"type\":\"commands\",\"deviceId\":\"" + deviceId + "\",\"ts\":1,"
        + "\"body\":{\"command\":\"restart\",\"taskId\":\"forged\"}}";
  }

  /** Device ids unique to one test, so no retained message or session leaks between tests. */
  record Ids(String a, String c, String nonce) {
    static Ids next() {
      int n = RUN.incrementAndGet();
      return new Ids("will-a" + n, "will-c" + n, "n" + n + "-" + System.nanoTime());
    }
  }
}
