package dev.backroom.mqtt.broker;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.FutureTask;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A Moquette session loop that hits an exception must not take its clients down with it. The
 * real Moquette and real Paho clients; the failure is put into the victim's loop directly, the
 * way Moquette's own double release in {@code Session.pubAckReceived} ends one (unguarded, the
 * victim then never receives anything again).
 */
class SessionLoopGuardIT {
  private EmbeddedBroker broker;
  private MqttClient victim;
  private MqttClient publisher;

  @BeforeEach
  void start() throws Exception {
    int port;
    port = RawMqtt.freePort();
    broker = new EmbeddedBroker("127.0.0.1", port);
    broker.start(64 * 1024);
  }

  @AfterEach
  void stop() throws Exception {
    for (MqttClient c : new MqttClient[] {victim, publisher}) {
      if (c != null && c.isConnected()) {
        c.disconnectForcibly(500);
      }
      if (c != null) {
        c.close(true);
      }
    }
    broker.close();
  }

  @Test
  void aLoopThatDiesIsReplacedAndItsClientsKeepReceiving() throws Exception {
    List<String> received = new CopyOnWriteArrayList<>();
    victim = connect("victim");
    victim.subscribe("t/victim", 1, (topic, m) -> received.add(new String(m.getPayload(),
        StandardCharsets.UTF_8)));
    publisher = connect("publisher");
    publisher.publish("t/victim", "before".getBytes(StandardCharsets.UTF_8), 1, false);
    await().atMost(Duration.ofSeconds(10)).until(() -> received.contains("before"));

    SessionLoopGuard guard = broker.loopGuard();
    int loop = Math.abs("victim".hashCode()) % guard.loopCount();
    @SuppressWarnings("unchecked")
    BlockingQueue<FutureTask<String>> queue = (BlockingQueue<FutureTask<String>>) guard.queue(loop);
    queue.put(new FutureTask<>(() -> {
      throw new IllegalStateException("a command that fails, like Moquette's double release");
    }));
    await().atMost(Duration.ofSeconds(10)).until(() -> broker.sessionLoopRestarts() == 1);

    publisher.publish("t/victim", "after".getBytes(StandardCharsets.UTF_8), 1, false);
    await().atMost(Duration.ofSeconds(10)).until(() -> received.contains("after"));
    assertEquals(1, broker.sessionLoopRestarts());

    // The replacement is itself guarded: a second failure on the same loop is survived too.
    queue.put(new FutureTask<>(() -> {
      throw new IllegalStateException("again");
    }));
    await().atMost(Duration.ofSeconds(10)).until(() -> broker.sessionLoopRestarts() == 2);
    publisher.publish("t/victim", "again".getBytes(StandardCharsets.UTF_8), 1, false);
    await().atMost(Duration.ofSeconds(10)).until(() -> received.contains("again"));
  }

  private MqttClient connect(String clientId) throws Exception {
    MqttClient c = new MqttClient(broker.uri(), clientId, new MemoryPersistence());
    // Unguarded, a publisher on the dead loop would wait for its PUBACK forever.
    c.setTimeToWait(10_000);
    MqttConnectOptions o = new MqttConnectOptions();
    o.setCleanSession(true);
    o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
    c.connect(o);
    return c;
  }
}
