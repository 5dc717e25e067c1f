package dev.backroom.hub.broker.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backroom.hub.broker.conformance.RawMqtt.Packet;
import dev.backroom.hub.broker.dynsec.DynsecRoles;
import dev.backroom.mqtt.Topics;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * MQTT lets a new connection with a client id take over the session that holds it, so no account
 * may connect with a client id that is not its own: the broker refuses the CONNECT with
 * CONNACK 5, and the session holding the id stays connected (it still receives a message sent
 * after the attempt). Workload credentials are no broker accounts at all (workloads speak to the
 * hub's telemetry listener only), so they are refused whatever the client id.
 */
class ClientIdTakeoverConformanceTest {
  private static final String BROKERS = "dev.backroom.hub.broker.conformance.Brokers#all";
  private static final AtomicInteger RUN = new AtomicInteger();

  @ParameterizedTest(name = "{0}")
  @MethodSource(BROKERS)
  void workloadCredential_isRefusedWithConnack5(Brokers.Setup setup) {
    BrokerUnderTest broker = setup.get();
    String d = "tko-w" + RUN.incrementAndGet();
    broker.device(d);
    Account wl = broker.workload(d);
    for (String clientId : List.of("workload-" + d, "", DynsecRoles.HUB_CLIENT_ID,
        DynsecRoles.agentClientId(d))) {
      assertRefused(broker, wl.withClientId(clientId));
    }
  }

  /** The hub's own session, bound to {@code backroom-hub}, cannot be taken by a device. */
  @ParameterizedTest(name = "{0}")
  @MethodSource(BROKERS)
  void deviceCredential_asBackroomHub_isRefused_andTheHubStaysConnected(Brokers.Setup setup) {
    BrokerUnderTest broker = setup.get();
    String a = "tko-a" + RUN.incrementAndGet();
    Account attacker = broker.device(a);
    try (RawClient hub = RawClient.connected(broker, broker.hub())) {
      assertEquals(DynsecRoles.HUB_CLIENT_ID, broker.hub().clientId());
      assertEquals(List.of(1), hub.subscribe(1, Topics.allDevices(Topics.LIFECYCLE)));
      assertRefused(broker, attacker.withClientId(DynsecRoles.HUB_CLIENT_ID));
      try (RawClient device = RawClient.connected(broker, attacker)) {
        device.publishAcknowledged(Topics.lifecycle(a), "after " + a);
      }
      assertNotNull(hub.awaitPublish(p -> p.payload().equals("after " + a), RawClient.ANSWER),
          () -> "the hub's session was taken over; broker log:\n" + broker.log());
    }
  }

  /**
   * The hub's dynamic-security admin holds {@code backroom-hub-dynsec} for the whole run: a
   * device using that id is refused, and the admin still makes accounts afterwards.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource(BROKERS)
  void deviceCredential_asTheDynsecAdmin_isRefused(Brokers.Setup setup) {
    BrokerUnderTest broker = setup.get();
    String a = "tko-b" + RUN.incrementAndGet();
    assertRefused(broker, broker.device(a).withClientId(DynsecRoles.ADMIN_CLIENT_ID));
    String fresh = "tko-fresh" + RUN.get();
    try (RawClient c = RawClient.connected(broker, broker.device(fresh))) {
      assertEquals(List.of(1), c.subscribe(1, Topics.assignment(fresh)));
    }
  }

  /** Device C's agent session stays with C when device A presents C's client id. */
  @ParameterizedTest(name = "{0}")
  @MethodSource(BROKERS)
  void deviceCredential_asAnotherDevicesAgent_isRefused_andTheVictimStaysConnected(
      Brokers.Setup setup) {
    BrokerUnderTest broker = setup.get();
    String a = "tko-a" + RUN.incrementAndGet();
    String c = "tko-c" + RUN.get();
    Account attacker = broker.device(a);
    try (RawClient victim = RawClient.connected(broker, broker.device(c))) {
      assertEquals(List.of(1), victim.subscribe(1, Topics.assignment(c)));
      assertRefused(broker, attacker.withClientId(DynsecRoles.agentClientId(c)));
      try (RawClient hub = RawClient.connected(broker, broker.hub())) {
        hub.publishAcknowledged(Topics.assignment(c), "for c " + c);
      }
      assertNotNull(victim.awaitPublish(p -> p.payload().equals("for c " + c), RawClient.ANSWER),
          () -> "device C's session was taken over; broker log:\n" + broker.log());
      assertEquals(List.of("for c " + c), victim.publishes().stream().map(Packet::payload)
          .toList());
    }
  }

  private static void assertRefused(BrokerUnderTest broker, Account account) {
    try (RawClient c = RawClient.connect(broker, account.clientId(), account, true, null)) {
      Packet connack = c.connack();
      assertNotNull(connack, () -> account + ": closed without a CONNACK");
      assertEquals(RawMqtt.NOT_AUTHORIZED, connack.returnCode(),
          () -> account + " must be refused with CONNACK 5");
      assertTrue(c.awaitClosedByBroker(RawClient.ANSWER), account + ": refused, yet connected");
    }
  }
}
