package dev.backroom.harness;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * A workload publishing telemetry to the hub's telemetry listener, QoS 1, on
 * {@code backroom/v1/telemetry/{stream}}. Each payload carries the stream and a per-stream number
 * n = 1, 2, 3... ({@code {"stream":"s","n":7,"run":"..."}}), so a test can check end to end that
 * every message arrived once and in order. A publish counts as sent only once its PUBACK came,
 * which the hub sends after the H2 commit.
 */
public final class TelemetryPublisher implements AutoCloseable {
  private final MqttAsyncClient client;
  private final String run;
  private final Map<String, Integer> sent = new TreeMap<>();

  /** An anonymous publisher: only a hub in insecure mode lets it in. */
  public TelemetryPublisher(String brokerUri, String clientId, String run) {
    this(brokerUri, clientId, run, null);
  }

  /** @param as the workload half of a device's credential; null for none */
  public TelemetryPublisher(String brokerUri, String clientId, String run,
      DeviceRegistration.Credential as) {
    this(brokerUri, clientId, run, as, null);
  }

  /** @param tls sockets trusting the store CA for an {@code ssl://} listener ({@code hub.mqttTls()}) */
  public TelemetryPublisher(String brokerUri, String clientId, String run,
      DeviceRegistration.Credential as, javax.net.ssl.SSLSocketFactory tls) {
    this.run = run;
    try {
      client = new MqttAsyncClient(brokerUri, clientId, new MemoryPersistence());
      MqttConnectOptions o = new MqttConnectOptions();
      o.setCleanSession(true);
      o.setAutomaticReconnect(false);
      // Paho refuses publishes beyond maxInflight (code 32202); a burst needs room.
      o.setMaxInflight(2_000);
      o.setConnectionTimeout(10);
      if (tls != null) {
        o.setSocketFactory(tls);
      }
      if (as != null) {
        o.setUserName(as.workloadUsername());
        o.setPassword(as.workloadPassword().toCharArray());
      }
      client.connect(o).waitForCompletion(15_000);
    } catch (MqttException e) {
      throw new IllegalStateException("cannot connect a telemetry publisher to " + brokerUri
          + " (is the hub's telemetry listener up?): " + e, e);
    }
  }

  public static String topic(String stream) {
    return "backroom/v1/telemetry/" + stream;
  }

  /**
   * Publishes at about perSecond messages in total, round-robin over the streams, for
   * durationMillis, then waits for every PUBACK. Returns how many went to each stream this call.
   */
  public Map<String, Integer> publishAtRate(List<String> streams, int perSecond, long durationMillis) {
    long total = perSecond * durationMillis / 1000;
    long start = System.nanoTime();
    List<IMqttDeliveryToken> tokens = new ArrayList<>();
    Map<String, Integer> now = new TreeMap<>();
    for (long i = 0; i < total; i++) {
      // Pace against the wall clock rather than sleeping per message: catches up after a GC.
      long due = start + i * 1_000_000_000L / perSecond;
      long wait = due - System.nanoTime();
      if (wait > 0) {
        Ports.sleep(Math.max(1, TimeUnit.NANOSECONDS.toMillis(wait)));
      }
      String stream = streams.get((int) (i % streams.size()));
      tokens.add(publish(stream));
      now.merge(stream, 1, Integer::sum);
    }
    awaitAcks(tokens);
    return now;
  }

  /** Publishes count messages per stream as fast as the in-flight window allows. */
  public void publishBurst(List<String> streams, int countPerStream) {
    List<IMqttDeliveryToken> tokens = new ArrayList<>();
    for (int i = 0; i < countPerStream; i++) {
      for (String s : streams) {
        tokens.add(publish(s));
      }
    }
    awaitAcks(tokens);
  }

  private IMqttDeliveryToken publish(String stream) {
    int n = sent.merge(stream, 1, Integer::sum);
    byte[] payload = ("{\"stream\":\"" + stream + "\",\"n\":" + n + ",\"run\":\"" + run + "\"}")
        .getBytes(StandardCharsets.UTF_8);
    MqttMessage m = new MqttMessage(payload);
    m.setQos(1);
    for (int attempt = 0; ; attempt++) {
      try {
        return client.publish(topic(stream), m);
      } catch (MqttException e) {
        // 32202: too many publishes in flight. Retrying the same n keeps per-stream order.
        if (e.getReasonCode() != MqttException.REASON_CODE_MAX_INFLIGHT || attempt > 5_000) {
          throw new IllegalStateException("publish " + stream + " #" + n + " failed: " + e, e);
        }
        Ports.sleep(1);
      }
    }
  }

  private static void awaitAcks(List<IMqttDeliveryToken> tokens) {
    for (IMqttDeliveryToken t : tokens) {
      try {
        t.waitForCompletion(60_000);
      } catch (MqttException e) {
        throw new IllegalStateException("no PUBACK for a telemetry message: " + e, e);
      }
    }
  }

  /** Messages acknowledged so far, per stream, over the publisher's life. */
  public Map<String, Integer> sent() {
    return Map.copyOf(sent);
  }

  @Override
  public void close() {
    try {
      if (client.isConnected()) {
        client.disconnect().waitForCompletion(5_000);
      }
      client.close();
    } catch (MqttException e) {
      // closing anyway
    }
  }
}
