package dev.backroom.soak.extra;

import dev.backroom.harness.DeviceRegistration;
import dev.backroom.harness.HubProcess;
import dev.backroom.harness.Ports;
import dev.backroom.harness.TelemetryPublisher;
import java.nio.charset.StandardCharsets;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * The publishing half of {@link TelemetryLedger}: one thread, one MQTT connection at a time,
 * one message per stream per tick. Never resends: a message without PUBACK stays unconfirmed
 * and its number is not reused, so any second copy in the cloud is the product's duplicate.
 * Each connection has a fresh client id, so a half-dead old one (a frozen hub) cannot take the
 * new one's session.
 */
public final class LedgerPublisher implements AutoCloseable {
  /** At most this many unacknowledged publishes: a frozen hub fills it, then ticks are skipped. */
  static final int MAX_IN_FLIGHT = 500;

  /**
   * connections: made; connectFailures: attempts that failed; skipped: ticks with no usable
   * link; errors: publish and connect failures by Paho reason code, for a reader who wonders why.
   */
  public record Stats(long connections, long connectFailures, long skipped, Map<Integer, Long> errors) {}

  private final HubProcess hub;
  private final DeviceRegistration.Credential as;
  private final String clientId;
  private final String run;
  private final List<String> streams;
  private final long tickNanos;
  private final String pad;
  private final Map<String, BitSet> acked = new LinkedHashMap<>();
  private final Map<String, AtomicLong> published = new LinkedHashMap<>();
  private final AtomicLong connections = new AtomicLong();
  private final AtomicLong connectFailures = new AtomicLong();
  private final AtomicLong skipped = new AtomicLong();
  private final Map<Integer, Long> errors = new java.util.concurrent.ConcurrentSkipListMap<>();
  /** Set by Paho's callback or a failed publish: the connection must be replaced. */
  private volatile boolean broken;
  private final Thread thread;
  private volatile boolean paused;
  private volatile boolean closed;
  private MqttAsyncClient client;
  private AtomicInteger inFlight = new AtomicInteger();

  LedgerPublisher(HubProcess hub, DeviceRegistration.Credential as, String clientId, String run,
      List<String> streams, int perSecond, int padBytes) {
    this.pad = padBytes == 0 ? "" : ",\"pad\":\"" + "x".repeat(padBytes) + "\"";
    this.hub = hub;
    this.as = as;
    this.clientId = clientId;
    this.run = run;
    this.streams = List.copyOf(streams);
    this.tickNanos = 1_000_000_000L / perSecond;
    for (String s : streams) {
      acked.put(s, new BitSet());
      published.put(s, new AtomicLong());
    }
    thread = new Thread(this::loop, "soak-telemetry-" + run);
    thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  void pause(boolean p) {
    paused = p;
  }

  /** A copy of the numbers acknowledged on stream. */
  BitSet acked(String stream) {
    BitSet b = acked.get(stream);
    synchronized (b) {
      return (BitSet) b.clone();
    }
  }

  long published(String stream) {
    return published.get(stream).get();
  }

  Stats stats() {
    return new Stats(connections.get(), connectFailures.get(), skipped.get(), Map.copyOf(errors));
  }

  private void loop() {
    long next = System.nanoTime();
    long nextConnect = 0;
    while (!closed) {
      long wait = next - System.nanoTime();
      if (wait > 0) {
        Ports.sleep(Math.max(1, wait / 1_000_000));
        continue;
      }
      // No catch-up burst after an outage: the rate stays the rate.
      next = Math.max(next + tickNanos, System.nanoTime());
      if (paused) {
        continue;
      }
      if (client == null || broken || !client.isConnected()) {
        if (System.nanoTime() < nextConnect) {
          skipped.incrementAndGet();
          continue;
        }
        if (!connect()) {
          nextConnect = System.nanoTime() + 1_000_000_000L;
          skipped.incrementAndGet();
          continue;
        }
      }
      if (inFlight.get() >= MAX_IN_FLIGHT) {
        skipped.incrementAndGet();
        continue;
      }
      for (String s : streams) {
        publish(s);
      }
    }
    drop(client);
  }

  private boolean connect() {
    drop(client);
    client = null;
    try {
      MqttAsyncClient c = new MqttAsyncClient(hub.telemetryUri(),
          clientId + "-" + (connections.get() + connectFailures.get()), new MemoryPersistence());
      MqttConnectOptions o = new MqttConnectOptions();
      o.setCleanSession(true);
      o.setAutomaticReconnect(false);
      o.setMaxInflight(MAX_IN_FLIGHT + streams.size());
      o.setConnectionTimeout(5);
      // A frozen hub is noticed within about two keep-alives, and its in-flight window given up.
      o.setKeepAliveInterval(5);
      o.setSocketFactory(hub.mqttTls());
      o.setUserName(as.workloadUsername());
      o.setPassword(as.workloadPassword().toCharArray());
      c.setCallback(new MqttCallback() {
        @Override
        public void connectionLost(Throwable cause) {
          broken = true;
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {}

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {}
      });
      broken = false;
      c.connect(o).waitForCompletion(8_000);
      client = c;
      inFlight = new AtomicInteger();
      connections.incrementAndGet();
      return true;
    } catch (MqttException e) {
      errors.merge(e.getReasonCode(), 1L, Long::sum);
      connectFailures.incrementAndGet();
      return false;
    } catch (RuntimeException e) {
      errors.merge(-1, 1L, Long::sum);
      connectFailures.incrementAndGet();
      return false;
    }
  }

  private void publish(String stream) {
    AtomicLong counter = published.get(stream);
    long n = counter.get() + 1;
    byte[] payload = ("{\"stream\":\"" + stream + "\",\"n\":" + n + ",\"run\":\"" + run + "\""
        + pad + "}").getBytes(StandardCharsets.UTF_8);
    MqttMessage m = new MqttMessage(payload);
    m.setQos(1);
    AtomicInteger window = inFlight;
    BitSet ackedHere = acked.get(stream);
    try {
      client.publish(TelemetryPublisher.topic(stream), m, null, new IMqttActionListener() {
        @Override
        public void onSuccess(IMqttToken t) {
          synchronized (ackedHere) {
            ackedHere.set((int) n);
          }
          window.decrementAndGet();
        }

        @Override
        public void onFailure(IMqttToken t, Throwable e) {
          window.decrementAndGet();
        }
      });
      counter.set(n);
      window.incrementAndGet();
    } catch (MqttException e) {
      int code = e.getReasonCode();
      errors.merge(code, 1L, Long::sum);
      if (code != MqttException.REASON_CODE_CLIENT_NOT_CONNECTED
          && code != MqttException.REASON_CODE_MAX_INFLIGHT) {
        counter.set(n); // perhaps sent: unconfirmed, never reused
      }
      if (code != MqttException.REASON_CODE_MAX_INFLIGHT) {
        broken = true;
      }
      skipped.incrementAndGet();
    }
  }

  private static void drop(MqttAsyncClient c) {
    if (c == null) {
      return;
    }
    try {
      c.disconnectForcibly(0, 1_000, false);
    } catch (MqttException e) {
      // already gone
    }
    try {
      c.close(true);
    } catch (MqttException e) {
      // closing anyway
    }
  }

  @Override
  public void close() {
    closed = true;
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
