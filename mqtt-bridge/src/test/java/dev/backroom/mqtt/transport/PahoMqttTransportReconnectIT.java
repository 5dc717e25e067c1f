package dev.backroom.mqtt.transport;

import static dev.backroom.mqtt.transport.TransportFixture.WAIT;
import static dev.backroom.mqtt.transport.TransportFixture.awaitMessage;
import static dev.backroom.mqtt.transport.TransportFixture.bytes;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backroom.mqtt.Topics;
import dev.backroom.mqtt.transport.MqttTransport.Message;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** PahoMqttTransport across broker starts and restarts; each test owns its broker. */
class PahoMqttTransportReconnectIT {
  private final TransportFixture fx = new TransportFixture();
  private final int port = TransportFixture.freePort();
  private final String uri = "tcp://127.0.0.1:" + port;
  private TestMosquitto broker;

  @AfterEach
  void closeAll() throws Exception {
    fx.close();
    if (broker != null) {
      broker.close();
    }
  }

  /** Verifies that an agent may boot before its hub: start() keeps retrying in the background. */
  @Test
  void transportStartedBeforeBroker_connectsOnceBrokerStarts() throws Exception {
    List<Boolean> connects = new CopyOnWriteArrayList<>();
    PahoMqttTransport device = fx.transport(uri, "early-1");
    device.onConnected(connects::add);
    long before = System.nanoTime();
    device.start();
    assertTrue(System.nanoTime() - before < 500_000_000L, "start() must not block");

    Thread.sleep(700); // a few refused attempts
    assertFalse(device.isConnected());
    assertFalse(device.publish(Topics.heartbeat("early-1"), bytes("x"), 1, false));
    broker = TransportFixture.startBroker(port);

    await().atMost(WAIT).until(() -> connects.equals(List.of(false)));
    assertTrue(device.isConnected());
  }

  @Test
  void subscriptions_areRestoredAfterBrokerRestart() {
    broker = TransportFixture.startBroker(port);
    List<Message> received = new CopyOnWriteArrayList<>();
    List<Boolean> connects = new CopyOnWriteArrayList<>();
    PahoMqttTransport hub = fx.transport(uri, "hub");
    hub.subscribe(Topics.allDevices(Topics.STATUS), 1, received::add);
    hub.onConnected(connects::add);
    hub.start();
    await().atMost(WAIT).until(() -> connects.equals(List.of(false)));

    broker.close();
    await().atMost(WAIT).until(() -> !hub.isConnected());
    broker = TransportFixture.startBroker(port);

    await().atMost(WAIT).until(() -> connects.equals(List.of(false, true)));
    PahoMqttTransport device = fx.connected(uri, "pi-1");
    assertTrue(device.publish(Topics.status("pi-1"), bytes("after-restart"), 1, false));
    awaitMessage(received, Topics.status("pi-1"), "after-restart");
  }
}
