package dev.backroom.hub.broker.dynsec;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * A raw Paho client for ACL tests: unlike the transport it shows what the broker answered
 * (CONNACK codes, the QoS granted in each SUBACK, 0x80 being a refusal) and when it was dropped.
 */
final class TestClient implements AutoCloseable {
  record Received(String topic, String payload) {}

  /** Bounds every wait for an answer the broker owes (CONNACK, SUBACK, PUBACK). */
  static final long ANSWER_MS = 5_000;

  final List<Received> received = new CopyOnWriteArrayList<>();
  final CountDownLatch lost = new CountDownLatch(1);
  private final MqttClient client;

  private TestClient(MqttClient client) {
    this.client = client;
  }

  /** Connects or throws the broker's refusal. {@code username} null connects anonymously. */
  static TestClient connect(String uri, String clientId, String username, char[] password)
      throws MqttException {
    MqttClient c = new MqttClient(uri, clientId, new MemoryPersistence());
    // Paho waits forever for an answer by default; a broker that never answers a refusal must
    // fail the test, not hang it.
    c.setTimeToWait(ANSWER_MS);
    TestClient t = new TestClient(c);
    c.setCallback(new MqttCallback() {
      @Override
      public void connectionLost(Throwable cause) {
        t.lost.countDown();
      }

      @Override
      public void messageArrived(String topic, MqttMessage message) {
        t.received.add(new Received(topic, new String(message.getPayload(), StandardCharsets.UTF_8)));
      }

      @Override
      public void deliveryComplete(IMqttDeliveryToken token) {}
    });
    MqttConnectOptions o = new MqttConnectOptions();
    o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
    o.setCleanSession(true);
    o.setConnectionTimeout(5);
    if (username != null) {
      o.setUserName(username);
      o.setPassword(password);
    }
    try {
      c.connect(o);
    } catch (MqttException e) {
      c.close(true);
      throw e;
    }
    return t;
  }

  /** The QoS the broker granted: 0 to 2, or 128 when it refused the subscription. */
  int subscribe(String filter) throws MqttException {
    return client.subscribeWithResponse(filter, 1).getGrantedQos()[0];
  }

  /**
   * Publishes at QoS 1 and returns once the broker answered with its PUBACK, which Mosquitto
   * sends for a publish its ACL denied too (MQTT 3.1.1 has no negative PUBACK); throws if no
   * answer came within {@link #ANSWER_MS} or the broker closed the connection instead.
   */
  void publish(String topic, String payload) throws MqttException {
    client.publish(topic, payload.getBytes(StandardCharsets.UTF_8), 1, false);
  }

  List<Received> on(String topic) {
    return received.stream().filter(r -> r.topic().equals(topic)).toList();
  }

  boolean isConnected() {
    return client.isConnected();
  }

  @Override
  public void close() throws MqttException {
    if (client.isConnected()) {
      client.disconnect(1_000);
    }
    client.close(true);
  }
}
