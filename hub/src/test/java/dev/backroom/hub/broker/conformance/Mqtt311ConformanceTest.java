package dev.backroom.hub.broker.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backroom.hub.broker.conformance.RawMqtt.Packet;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The MQTT 3.1.1 rules the embedded broker broke (issue 13), on the wire: workloads and
 * third-party devices rely on them even though Backroom's own clients use clean sessions. The
 * test identity may use {@code conformance/#} and {@code $conformance/#} only (anonymous where
 * the setup lets anyone in).
 */
class Mqtt311ConformanceTest {
  private static final String BROKERS = "dev.backroom.hub.broker.conformance.Brokers#all";
  private static final AtomicInteger RUN = new AtomicInteger();
  /** How long a reconnecting persistent session may take to get its unacknowledged messages. */
  private static final Duration REDELIVERY = Duration.ofSeconds(3);

  /** MQTT-3.3.1-8: a retained message sent to a new subscriber carries RETAIN, at every QoS. */
  @ParameterizedTest(name = "{0}")
  @MethodSource(BROKERS)
  void retainedMessages_reachANewSubscriber_withTheRetainFlag_atEveryQos(Brokers.Setup setup) {
    BrokerUnderTest broker = setup.get();
    String base = "conformance/retained/" + RUN.incrementAndGet();
    try (RawClient pub = RawClient.connected(broker, broker.tester("conf-retain-pub"))) {
      for (int qos = 0; qos <= 2; qos++) {
        pub.publishCompleted(base + "/q" + qos, "retained at qos " + qos, qos, true);
      }
      try (RawClient sub = RawClient.connected(broker, broker.tester("conf-retain-sub"))) {
        assertEquals(List.of(2), sub.subscribe(2, base + "/+"));
        for (int qos = 0; qos <= 2; qos++) {
          String topic = base + "/q" + qos;
          Packet p = sub.awaitPublish(m -> m.topic().equals(topic), RawClient.ANSWER);
          assertNotNull(p, "retained message at QoS " + qos + " was not kept or not sent");
          assertTrue(p.retain(), "no RETAIN flag on " + p + " (MQTT-3.3.1-8)");
          assertEquals(qos, p.qos(), "delivered at the QoS it was published with");
          assertEquals("retained at qos " + qos, p.payload());
        }
      }
      for (int qos = 0; qos <= 2; qos++) {
        pub.publishCompleted(base + "/q" + qos, "", 1, true); // empty and retained: clears it
      }
      try (RawClient again = RawClient.connected(broker, broker.tester("conf-retain-sub2"))) {
        assertEquals(List.of(1), again.subscribe(1, base + "/+"));
        again.ping();
        assertEquals(List.of(), again.publishes(), "cleared retained messages were still sent");
      }
    }
  }

  /** Verifies that a message published while a subscription is live is not flagged RETAIN. */
  @ParameterizedTest(name = "{0}")
  @MethodSource(BROKERS)
  void liveDelivery_ofARetainedPublish_carriesNoRetainFlag(Brokers.Setup setup) {
    BrokerUnderTest broker = setup.get();
    String topic = "conformance/live-retain/" + RUN.incrementAndGet();
    try (RawClient sub = RawClient.connected(broker, broker.tester("conf-live-sub"));
        RawClient pub = RawClient.connected(broker, broker.tester("conf-live-pub"))) {
      assertEquals(List.of(1), sub.subscribe(1, topic));
      pub.publishCompleted(topic, "live", 1, true);
      pub.publishCompleted(topic, "", 1, true);
      Packet p = sub.awaitPublish(m -> m.payload().equals("live"), RawClient.ANSWER);
      assertNotNull(p);
      assertTrue(!p.retain(), "MQTT-3.3.1-9: live delivery must clear RETAIN");
    }
  }

  /**
   * MQTT-4.4.0-1: a persistent session's unacknowledged QoS 1 and 2 messages are sent again when
   * the client reconnects, with DUP set (MQTT-3.3.1-1), promptly even though the client sends a
   * SUBSCRIBE at once (the embedded broker's resend timer was cancelled by any packet).
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource(BROKERS)
  void unacknowledgedMessages_areResent_whenAPersistentSessionReconnects(Brokers.Setup setup) {
    BrokerUnderTest broker = setup.get();
    int n = RUN.incrementAndGet();
    String topic = "conformance/redelivery/" + n;
    Account subscriber = broker.tester("conf-persistent-" + n);
    try (RawClient first = RawClient.connect(broker, subscriber.clientId(), subscriber, false, null);
        RawClient pub = RawClient.connected(broker, broker.tester("conf-redelivery-pub"))) {
      first.requireAccepted();
      first.withholdAcknowledgements();
      assertEquals(List.of(2), first.subscribe(2, topic));
      pub.publishAcknowledged(topic, "qos1");
      pub.publishCompleted(topic, "qos2", 2, false);
      assertNotNull(first.awaitPublish(p -> p.payload().equals("qos2"), RawClient.ANSWER));
      assertNotNull(first.awaitPublish(p -> p.payload().equals("qos1"), RawClient.ANSWER));
      first.disconnect(); // neither was acknowledged
    }
    try (RawClient again = RawClient.connect(broker, subscriber.clientId(), subscriber, false,
        null)) {
      Packet connack = again.connack();
      assertNotNull(connack, "the reconnect was refused");
      assertEquals(RawMqtt.ACCEPTED, connack.returnCode());
      assertTrue(connack.sessionPresent(), "the persistent session was not kept");
      again.subscribe(1, topic + "/other"); // a client that gets on with its work at once
      for (String payload : List.of("qos1", "qos2")) {
        Packet p = again.awaitPublish(m -> m.payload().equals(payload), REDELIVERY);
        assertNotNull(p, payload + " was not resent within " + REDELIVERY + " (MQTT-4.4.0-1)");
        assertEquals(topic, p.topic());
        assertTrue(p.dup(), "a resent PUBLISH must carry DUP (MQTT-3.3.1-1): " + p);
      }
      again.disconnect();
    }
    // Leave no session behind.
    RawClient.connect(broker, subscriber.clientId(), subscriber, true, null).disconnect();
  }

  /** MQTT-4.7.2-1: '#', '+/+' and '+/B' do not match topics that start with '$'. */
  @ParameterizedTest(name = "{0}")
  @MethodSource(BROKERS)
  void wildcards_doNotMatchDollarTopics(Brokers.Setup setup) {
    BrokerUnderTest broker = setup.get();
    String nonce = "n" + RUN.incrementAndGet() + "-" + System.nanoTime();
    List<String> filters = List.of("#", "+/+", "+/B");
    List<RawClient> subs = new java.util.ArrayList<>();
    try (RawClient direct = RawClient.connected(broker, broker.dollarTester("conf-dollar-direct"));
        RawClient pub = RawClient.connected(broker, broker.dollarTester("conf-dollar-pub"))) {
      assertEquals(List.of(1), direct.subscribe(1, "$conformance/B"));
      for (String f : filters) {
        RawClient s = RawClient.connected(broker, broker.tester("conf-dollar-" + subs.size()));
        subs.add(s);
        assertEquals(List.of(1), s.subscribe(1, f), "the wildcard filter itself was refused: " + f);
      }
      pub.publishAcknowledged("$conformance/B", "dollar " + nonce);
      pub.publishAcknowledged("conformance/B", "control " + nonce);
      assertNotNull(direct.awaitPublish(p -> p.payload().equals("dollar " + nonce),
          RawClient.ANSWER), "the $ topic itself was not delivered, so this proves nothing");
      for (int i = 0; i < filters.size(); i++) {
        RawClient s = subs.get(i);
        // The control was published after the $ message, on one connection: once it is here,
        // the $ message had its chance.
        assertNotNull(s.awaitPublish(p -> p.payload().equals("control " + nonce),
            RawClient.ANSWER), "control not delivered to " + filters.get(i));
        assertNull(s.publishes().stream().filter(p -> p.payload().equals("dollar " + nonce))
            .findFirst().orElse(null), "'" + filters.get(i) + "' matched a $ topic (MQTT-4.7.2-1)");
      }
    } finally {
      subs.forEach(RawClient::close);
    }
  }

  /** MQTT-3.1.3-6: a zero-length client id with a clean session is accepted. */
  @ParameterizedTest(name = "{0}")
  @MethodSource(BROKERS)
  void zeroLengthClientId_withCleanSession_isAccepted(Brokers.Setup setup) {
    BrokerUnderTest broker = setup.get();
    String topic = "conformance/empty-id/" + RUN.incrementAndGet();
    try (RawClient c = RawClient.connect(broker, "", broker.tester(""), true, null)) {
      c.requireAccepted();
      assertEquals(List.of(1), c.subscribe(1, topic));
      c.publishAcknowledged(topic, "works");
      assertNotNull(c.awaitPublish(p -> p.payload().equals("works"), RawClient.ANSWER),
          "a client with a zero-length id is not served");
    }
  }

  /** MQTT-3.1.3-8: a zero-length client id without a clean session gets CONNACK 2 and is closed. */
  @ParameterizedTest(name = "{0}")
  @MethodSource(BROKERS)
  void zeroLengthClientId_withoutCleanSession_isRejected(Brokers.Setup setup) {
    BrokerUnderTest broker = setup.get();
    try (RawClient c = RawClient.connect(broker, "", broker.tester(""), false, null)) {
      Packet connack = c.connack();
      assertNotNull(connack, "closed without a CONNACK");
      assertEquals(RawMqtt.IDENTIFIER_REJECTED, connack.returnCode());
      assertTrue(c.awaitClosedByBroker(RawClient.ANSWER), "left open after CONNACK 2");
    }
  }
}
