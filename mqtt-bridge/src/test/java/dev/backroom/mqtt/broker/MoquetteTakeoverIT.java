package dev.backroom.mqtt.broker;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Moquette 0.17's own trigger, on the wire: a client id taken over by a new connection while a
 * QoS 1 message is in flight to the old one, whose PUBACK arrives just after. The takeover
 * purges the old session (releasing the message, which stays in its window), the late PUBACK
 * releases it again, and the session loop dies. Raw MQTT packets, because the race needs the
 * old connection to speak after the new one connected, which no client library does on purpose.
 * The guard must replace the loop, and every client must still be served.
 */
class MoquetteTakeoverIT {
  private EmbeddedBroker broker;
  private int port;
  private MqttClient publisher;

  @BeforeEach
  void start() throws Exception {
    port = RawMqtt.freePort();
    broker = new EmbeddedBroker("127.0.0.1", port);
    broker.start(64 * 1024);
    publisher = new MqttClient(broker.uri(), "publisher", new MemoryPersistence());
    publisher.setTimeToWait(10_000);
    MqttConnectOptions o = new MqttConnectOptions();
    o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
    publisher.connect(o);
  }

  @AfterEach
  void stop() throws Exception {
    publisher.disconnectForcibly(500);
    publisher.close(true);
    broker.close();
  }

  @Test
  void aLatePubackAfterATakeoverNoLongerStopsTheBroker() throws Exception {
    for (int round = 0; round < 50 && broker.sessionLoopRestarts() == 0; round++) {
      String id = "taken-" + round;
      try (Socket old = new Socket("127.0.0.1", port)) {
        old.setTcpNoDelay(true);
        old.setSoTimeout(10_000);
        DataInputStream in = new DataInputStream(old.getInputStream());
        old.getOutputStream().write(RawMqtt.connect(id));
        RawMqtt.read(in); // CONNACK
        old.getOutputStream().write(RawMqtt.subscribe(1, "t/" + id));
        RawMqtt.read(in); // SUBACK
        publisher.publish("t/" + id, "x".getBytes(StandardCharsets.UTF_8), 1, false);
        int packetId = RawMqtt.publishPacketId(RawMqtt.read(in));
        try (Socket fresh = new Socket("127.0.0.1", port)) {
          fresh.setTcpNoDelay(true);
          fresh.setSoTimeout(10_000);
          fresh.getOutputStream().write(RawMqtt.connect(id));
          try {
            old.getOutputStream().write(RawMqtt.puback(packetId));
          } catch (IOException closedAlready) {
            // the broker closed the old connection first this round: no race, try again
          }
          RawMqtt.read(new DataInputStream(fresh.getInputStream())); // CONNACK
        }
      }
    }
    assertTrue(broker.sessionLoopRestarts() > 0, "the takeover race never hit in 50 rounds");

    // Every loop still serves: a client on each one gets a message.
    List<String> got = new CopyOnWriteArrayList<>();
    for (int i = 0; i < 8; i++) {
      MqttClient c = new MqttClient(broker.uri(), "after-" + i, new MemoryPersistence());
      c.setTimeToWait(10_000);
      c.connect();
      c.subscribe("after/" + i, 1, (t, m) -> got.add(t));
      publisher.publish("after/" + i, "y".getBytes(StandardCharsets.UTF_8), 1, false);
      int expected = i + 1;
      await().atMost(Duration.ofSeconds(10)).until(() -> got.size() == expected);
      c.disconnect();
      c.close();
    }
  }
}
