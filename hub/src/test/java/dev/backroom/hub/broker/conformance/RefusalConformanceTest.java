package dev.backroom.hub.broker.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backroom.hub.broker.conformance.RawClient.Answer;
import dev.backroom.hub.broker.conformance.RawMqtt.Packet;
import dev.backroom.hub.broker.dynsec.DynsecRoles;
import dev.backroom.mqtt.Topics;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every refusal is answered, and the answer is checked, not inferred from silence: a CONNACK
 * code, a SUBACK failure code, a PUBACK or a closed connection within a bound, never a client
 * left hanging. Each "and nothing got through" is then shown by a later message that did.
 */
class RefusalConformanceTest {
  private static final String BROKERS = "dev.backroom.hub.broker.conformance.Brokers#all";
  private static final AtomicInteger RUN = new AtomicInteger();

  /**
   * MQTT 3.1.1 has no negative PUBACK: a broker either acknowledges a denied QoS 1 PUBLISH and
   * drops it, or closes the connection. Either is an answer; a client waiting forever is not.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource(BROKERS)
  void deniedQos1Publish_isAnswered_andGoesNowhere(Brokers.Setup setup) {
    BrokerUnderTest broker = setup.get();
    String a = "ref-a" + RUN.incrementAndGet();
    String c = "ref-c" + RUN.get();
    try (RawClient victim = RawClient.connected(broker, broker.device(c));
        RawClient attacker = RawClient.connected(broker, broker.device(a))) {
      assertEquals(List.of(1), victim.subscribe(1, Topics.assignment(c)));
      int id = attacker.publish(Topics.assignment(c), WillAclConformanceTest.forgedAssignment(c),
          1, false);
      Answer answer = attacker.answerTo(id, RawClient.ANSWER);
      assertNotEquals(Answer.NONE, answer, "a denied QoS 1 publish got no answer within "
          + RawClient.ANSWER + ": the client hangs");
      System.out.printf("[refusal] %s: denied QoS 1 PUBLISH answered by %s%n", broker, answer);
      try (RawClient hub = RawClient.connected(broker, broker.hub())) {
        hub.publishAcknowledged(Topics.assignment(c), "from the hub");
      }
      assertNotNull(victim.awaitPublish(p -> p.payload().equals("from the hub"),
          RawClient.ANSWER), "the hub's own assignment did not arrive");
      assertEquals(List.of("from the hub"), victim.publishes().stream().map(Packet::payload)
          .toList(), "the denied publish was delivered");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(BROKERS)
  void subscribingToAnotherDevicesTopics_isRefusedWithSuback0x80(Brokers.Setup setup) {
    BrokerUnderTest broker = setup.get();
    String a = "ref-a" + RUN.incrementAndGet();
    String c = "ref-c" + RUN.get();
    broker.device(c);
    try (RawClient attacker = RawClient.connected(broker, broker.device(a))) {
      assertEquals(List.of(RawMqtt.SUBSCRIPTION_FAILED, RawMqtt.SUBSCRIPTION_FAILED,
          RawMqtt.SUBSCRIPTION_FAILED, 1),
          attacker.subscribe(1, Topics.assignment(c), Topics.commands(c),
              Topics.allDevices(Topics.ASSIGNMENT), Topics.assignment(a)),
          "only its own assignment may be granted");
      try (RawClient hub = RawClient.connected(broker, broker.hub())) {
        hub.publishAcknowledged(Topics.assignment(c), "for c");
        hub.publishAcknowledged(Topics.assignment(a), "for a");
      }
      assertNotNull(attacker.awaitPublish(p -> p.payload().equals("for a"), RawClient.ANSWER));
      assertEquals(List.of("for a"), attacker.publishes().stream().map(Packet::payload).toList());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(BROKERS)
  void wrongPassword_getsConnack4or5_andIsClosed(Brokers.Setup setup) {
    BrokerUnderTest broker = setup.get();
    Account a = broker.device("ref-a" + RUN.incrementAndGet());
    for (Account wrong : List.of(a.withPassword("not-the-password"),
        new Account("nobody", "whatever".toCharArray(), "nobody"))) {
      try (RawClient c = RawClient.connect(broker, wrong.clientId(), wrong, true, null)) {
        Packet connack = c.connack();
        assertNotNull(connack, "closed without a CONNACK for " + wrong);
        assertTrue(connack.returnCode() == RawMqtt.BAD_USERNAME_OR_PASSWORD
            || connack.returnCode() == RawMqtt.NOT_AUTHORIZED,
            "CONNACK " + connack.returnCode() + " for " + wrong);
        assertTrue(c.awaitClosedByBroker(RawClient.ANSWER), "left open after a refused CONNECT");
        System.out.printf("[refusal] %s: %s refused with CONNACK %d%n", broker, wrong.username(),
            connack.returnCode());
      }
    }
    RawClient.connected(broker, a).disconnect(); // the right password still works
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(BROKERS)
  void deviceCredential_withAnotherClientId_isRefused(Brokers.Setup setup) {
    BrokerUnderTest broker = setup.get();
    Account a = broker.device("ref-a" + RUN.incrementAndGet());
    String other = DynsecRoles.agentClientId("ref-c" + RUN.get());
    try (RawClient c = RawClient.connect(broker, other, a, true, null)) {
      Packet connack = c.connack();
      assertNotNull(connack, "closed without a CONNACK");
      assertEquals(RawMqtt.NOT_AUTHORIZED, connack.returnCode(),
          "a device credential took another client id (and so could take over its session)");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(BROKERS)
  void anonymous_getsConnack5_unlessTheInsecureShortcutIsOn(Brokers.Setup setup) {
    BrokerUnderTest broker = setup.get();
    try (RawClient c = RawClient.connect(broker, "anon-" + RUN.incrementAndGet(), null, true,
        null)) {
      Packet connack = c.connack();
      assertNotNull(connack, "closed without a CONNACK");
      if (broker.anonymousAllowed()) {
        assertEquals(RawMqtt.ACCEPTED, connack.returnCode(), "the insecure shortcut is on");
      } else {
        assertEquals(RawMqtt.NOT_AUTHORIZED, connack.returnCode());
        assertTrue(c.awaitClosedByBroker(RawClient.ANSWER), "left open after CONNACK 5");
      }
    }
  }

  /** The broker's own topics are not for devices: no $SYS, no dynamic-security control. */
  @ParameterizedTest(name = "{0}")
  @MethodSource(BROKERS)
  void device_cannotReadSys_norUseControl(Brokers.Setup setup) {
    BrokerUnderTest broker = setup.get();
    String a = "ref-a" + RUN.incrementAndGet();
    String evil = "evil-" + RUN.get();
    try (RawClient c = RawClient.connected(broker, broker.device(a))) {
      assertEquals(List.of(RawMqtt.SUBSCRIPTION_FAILED, RawMqtt.SUBSCRIPTION_FAILED,
          RawMqtt.SUBSCRIPTION_FAILED, RawMqtt.SUBSCRIPTION_FAILED),
          c.subscribe(1, "$SYS/#", "$CONTROL/#", DynsecRoles.CONTROL_RESPONSE_TOPIC, "#"));
      // A control command from a device: answered like any denied publish, and not executed.
      int id = c.publish(DynsecRoles.CONTROL_TOPIC, "{\"commands\":[{\"command\":\"createClient\","
          + "\"username\":\"" + evil + "\",\"password\":\"" + evil + "\"}]}", 1, false);
      assertNotEquals(Answer.NONE, c.answerTo(id, RawClient.ANSWER));
    }
    try (RawClient c = RawClient.connect(broker, evil, new Account(evil, evil.toCharArray(), evil),
        true, null)) {
      Packet connack = c.connack();
      assertNotNull(connack, "closed without a CONNACK");
      assertNotEquals(RawMqtt.ACCEPTED, connack.returnCode(),
          "a device created a broker account through $CONTROL");
    }
  }
}
