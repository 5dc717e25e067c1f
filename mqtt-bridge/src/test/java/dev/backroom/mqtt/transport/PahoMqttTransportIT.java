package dev.backroom.mqtt.transport;

import static dev.backroom.mqtt.transport.TransportFixture.WAIT;
import static dev.backroom.mqtt.transport.TransportFixture.awaitMessage;
import static dev.backroom.mqtt.transport.TransportFixture.bytes;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backroom.mqtt.Topics;
import dev.backroom.mqtt.transport.MqttTransport.Message;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * PahoMqttTransport against one real Mosquitto on a free loopback port, shared by the
 * tests. Each test uses its own device ids, so retained
 * messages of one test cannot satisfy another.
 */
class PahoMqttTransportIT {
  private static TestMosquitto broker;
  private static String uri;

  private final TransportFixture fx = new TransportFixture();

  @BeforeAll
  static void startBroker() {
    int port = TransportFixture.freePort();
    broker = TransportFixture.startBroker(port);
    uri = broker.uri();
  }

  @AfterAll
  static void stopBroker() {
    broker.close();
  }

  @AfterEach
  void closeTransports() throws Exception {
    fx.close();
  }

  private PahoMqttTransport subscribed(String clientId, String filter, int qos, List<Message> into) {
    PahoMqttTransport t = fx.transport(uri, clientId);
    t.subscribe(filter, qos, into::add);
    t.start();
    await().atMost(WAIT).until(t::isConnected);
    return t;
  }

  @Test
  void publishedMessage_reachesSubscriberOfMatchingFilter() {
    List<Message> received = new CopyOnWriteArrayList<>();
    subscribed("hub-rt", Topics.allDevices(Topics.STATUS), 1, received);
    PahoMqttTransport device = fx.connected(uri, "rt-1");

    assertTrue(device.publish(Topics.status("rt-1"), bytes("{\"s\":1}"), 1, false));

    Message m = awaitMessage(received, Topics.status("rt-1"), "{\"s\":1}");
    assertFalse(m.retained());
  }

  @Test
  void retainedMessage_isDeliveredToLateSubscriber() {
    PahoMqttTransport hub = fx.connected(uri, "hub-ret");
    assertTrue(hub.publish(Topics.assignment("ret-1"), bytes("gen-3"), 1, true));
    assertTrue(hub.publish(Topics.assignment("ret-1"), bytes("gen-4"), 1, true));
    await().pollDelay(java.time.Duration.ofMillis(200)).until(() -> true); // let the broker store it

    List<Message> received = new CopyOnWriteArrayList<>();
    subscribed("ret-1", Topics.assignment("ret-1"), 1, received);

    // The newer retained copy replaced the older one, delivered with its RETAIN flag (at QoS 1
    // and at QoS 0 below: MQTT-3.3.1-8).
    assertTrue(awaitMessage(received, Topics.assignment("ret-1"), "gen-4").retained());
    assertEquals(1, received.size());

    List<Message> atQos0 = new CopyOnWriteArrayList<>();
    subscribed("ret-1-q0", Topics.assignment("ret-1"), 0, atQos0);
    assertTrue(awaitMessage(atQos0, Topics.assignment("ret-1"), "gen-4").retained());
  }

  /** Verifies that one throwing handler neither stops the others nor later deliveries. */
  @Test
  void throwingHandler_doesNotStopDelivery() {
    List<Message> received = new CopyOnWriteArrayList<>();
    PahoMqttTransport hub = fx.transport(uri, "hub-throw");
    hub.subscribe(Topics.heartbeat("throw-1"), 0, m -> {
      throw new IllegalStateException("handler bug (expected by the test)");
    });
    hub.subscribe(Topics.heartbeat("throw-1"), 0, received::add);
    hub.start();
    await().atMost(WAIT).until(hub::isConnected);
    PahoMqttTransport device = fx.connected(uri, "throw-1");

    device.publish(Topics.heartbeat("throw-1"), bytes("1"), 1, false);
    device.publish(Topics.heartbeat("throw-1"), bytes("2"), 1, false);

    await().atMost(WAIT).until(() -> received.size() == 2);
    assertTrue(hub.isConnected());
  }

  @Test
  void subscribeAfterConnect_takesEffectAtOnce() {
    PahoMqttTransport hub = fx.connected(uri, "hub-late-sub");
    List<Message> received = new CopyOnWriteArrayList<>();
    hub.subscribe(Topics.heartbeat("late-sub-1"), 1, received::add);
    PahoMqttTransport device = fx.connected(uri, "late-sub-1");

    device.publish(Topics.heartbeat("late-sub-1"), bytes("beat"), 1, false);

    awaitMessage(received, Topics.heartbeat("late-sub-1"), "beat");
  }

  /** Verifies that when a device vanishes without DISCONNECT, the broker publishes its will. */
  @Test
  void droppedConnection_publishesLastWill() throws Exception {
    List<Message> live = new CopyOnWriteArrayList<>();
    subscribed("hub-will", Topics.lifecycle("will-1"), 1, live);
    DroppableProxy proxy = new DroppableProxy(brokerPort());
    PahoMqttTransport device = fx.transport(MqttOptions.of(proxy.uri(), "will-1")
        .withWill(Topics.lifecycle("will-1"), bytes("offline")));
    device.start();
    await().atMost(WAIT).until(device::isConnected);
    assertTrue(live.isEmpty(), "no will while the device is connected");

    proxy.close(); // resets the device's TCP connection and refuses reconnects

    awaitMessage(live, Topics.lifecycle("will-1"), "offline");
    await().atMost(WAIT).until(() -> !device.isConnected());
  }

  @Test
  void cleanClose_doesNotPublishTheWill() {
    List<Message> live = new CopyOnWriteArrayList<>();
    PahoMqttTransport hub = subscribed("hub-clean", Topics.allDevices(Topics.LIFECYCLE), 1, live);
    PahoMqttTransport device = fx.transport(MqttOptions.of(uri, "clean-1")
        .withWill(Topics.lifecycle("clean-1"), bytes("offline")));
    device.start();
    await().atMost(WAIT).until(device::isConnected);

    device.close();
    // Published after the close, the marker arrives after any will would have.
    hub.publish(Topics.lifecycle("clean-marker"), bytes("m"), 1, false);

    awaitMessage(live, Topics.lifecycle("clean-marker"), "m");
    await().during(java.time.Duration.ofMillis(300)).atMost(WAIT)
        .until(() -> live.stream().noneMatch(m -> m.topic().equals(Topics.lifecycle("clean-1"))));
  }

  private static int brokerPort() {
    return Integer.parseInt(uri.substring(uri.lastIndexOf(':') + 1));
  }
}
