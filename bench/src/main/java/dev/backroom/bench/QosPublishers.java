package dev.backroom.bench;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * QoS 1 publishers in the bench process, one MQTT connection per stream, each keeping a window of
 * unacknowledged publishes in flight (what a busy device SDK does; one-at-a-time publishing
 * would measure round trips, not the broker). A message counts as delivered only when its PUBACK
 * arrives: that is the durability promise the loss check holds the hub to.
 *
 * <p>Payloads are UTF-8 text of exactly {@code payloadBytes}: {@code {"s":"<stream>","n":<seq>,
 * "pad":"3f9a..."}}, so the receiving side can count lost and duplicate messages per stream by
 * {@code n} (1-based). The padding is pseudo-random hex (4 bits of entropy per byte, so gzip
 * roughly halves it), not a repeated character that gzip would shrink to nothing and so make
 * the wire-bytes figure meaningless. It is seeded by stream and n: the same message is the same
 * bytes wherever it is sent.
 */
final class QosPublishers {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private QosPublishers() {}

  /** Acked sequence numbers per stream, and the time from the first publish to the last PUBACK. */
  record Result(Map<String, BitSet> acked, long ackedTotal, double seconds, boolean stopped) {
    double msgsPerS() {
      return ackedTotal / seconds;
    }
  }

  /**
   * Publishes {@code perStream} messages on each {@code topicPrefix + stream}. When
   * {@code stopAfterAcked > 0}, {@code onStop} runs once on its own thread as soon as that many
   * PUBACKs have arrived in total (the kill -9 moment); the run then ends when every connection
   * has closed or finished. Throws if the run does not end within {@code timeoutMs}.
   */
  static Result publish(Vertx vertx, int port, String topicPrefix, List<String> streams,
      int perStream, int payloadBytes, int window, long stopAfterAcked, Runnable onStop,
      long timeoutMs) throws InterruptedException {
    return publish(vertx, port, topicPrefix, streams, perStream, payloadBytes, window,
        stopAfterAcked, onStop, timeoutMs, FleetLinks.plain(), null);
  }

  /**
   * @param links TLS (trusting only the store CA) or plain
   * @param as a device's workload credential for the hub's telemetry listener; null for none
   */
  static Result publish(Vertx vertx, int port, String topicPrefix, List<String> streams,
      int perStream, int payloadBytes, int window, long stopAfterAcked, Runnable onStop,
      long timeoutMs, FleetLinks links, dev.backroom.harness.DeviceRegistration.Credential as)
      throws InterruptedException {
    List<Publisher> pubs = new ArrayList<>();
    CountDownLatch connected = new CountDownLatch(streams.size());
    for (String s : streams) {
      Publisher p = new Publisher(vertx, s, topicPrefix + s, perStream, payloadBytes, window,
          links, as);
      pubs.add(p);
      p.connect(port, connected);
    }
    if (!connected.await(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("publishers could not connect to 127.0.0.1:" + port);
    }
    for (Publisher p : pubs) {
      if (p.failure != null) {
        throw new IllegalStateException("publisher " + p.stream + " could not connect", p.failure);
      }
    }
    CountDownLatch ended = new CountDownLatch(pubs.size());
    AtomicLong total = new AtomicLong();
    AtomicBoolean stopped = new AtomicBoolean();
    long t0 = System.nanoTime();
    AtomicLong lastAck = new AtomicLong(t0);
    for (Publisher p : pubs) {
      p.start(ended, () -> {
        lastAck.set(System.nanoTime());
        if (total.incrementAndGet() == stopAfterAcked && stopAfterAcked > 0
            && stopped.compareAndSet(false, true)) {
          // Off the event loop: killing a process and waiting for it blocks.
          new Thread(onStop, "bench-stop").start();
        }
      });
    }
    boolean finished = ended.await(timeoutMs, TimeUnit.MILLISECONDS);
    for (Publisher p : pubs) {
      p.client.disconnect();
    }
    if (!finished) {
      throw new IllegalStateException("publishers did not finish within " + timeoutMs + " ms; "
          + total.get() + " of " + (long) perStream * streams.size() + " acked");
    }
    Map<String, BitSet> acked = new LinkedHashMap<>();
    for (Publisher p : pubs) {
      acked.put(p.stream, p.acked);
    }
    return new Result(acked, total.get(), (lastAck.get() - t0) / 1e9, stopped.get());
  }

  /** The payload of message {@code n} of {@code stream}, padded to exactly {@code bytes}. */
  static byte[] payload(String stream, int n, int bytes) {
    String head = "{\"s\":\"" + stream + "\",\"n\":" + n + ",\"pad\":\"";
    int pad = bytes - head.length() - 2;
    if (pad < 0) {
      throw new IllegalArgumentException("payload of " + bytes + " bytes is too small for " + head);
    }
    StringBuilder b = new StringBuilder(bytes).append(head);
    java.util.SplittableRandom r = new java.util.SplittableRandom(stream.hashCode() * 1_000_003L + n);
    for (int i = 0; i < pad; i++) {
      b.append(HEX[r.nextInt(16)]);
    }
    return b.append("\"}").toString().getBytes(StandardCharsets.UTF_8);
  }

  /** One connection; all its state is touched on its own Vert.x context only. */
  private static final class Publisher {
    final String stream;
    final String topic;
    final int count;
    final int payloadBytes;
    final int window;
    final MqttClient client;
    final BitSet acked = new BitSet();
    final Map<Integer, Integer> inflight = new HashMap<>();
    Context ctx;
    volatile Throwable failure;
    int next = 1;
    int ackedCount;
    boolean finished;

    Publisher(Vertx vertx, String stream, String topic, int count, int payloadBytes, int window,
        FleetLinks links, dev.backroom.harness.DeviceRegistration.Credential as) {
      this.stream = stream;
      this.topic = topic;
      this.count = count;
      this.payloadBytes = payloadBytes;
      this.window = window;
      this.client = MqttClient.create(vertx, links.applyService(new MqttClientOptions()
          .setClientId("bench-pub-" + stream).setCleanSession(true).setKeepAliveInterval(30)
          .setMaxInflightQueue(window + 1).setAckTimeout(-1),
          as == null ? null : as.workloadUsername(), as == null ? null : as.workloadPassword()));
    }

    void connect(int port, CountDownLatch connected) {
      client.connect(port, "127.0.0.1").onComplete(ar -> {
        if (ar.failed()) {
          failure = ar.cause();
        } else if (ar.result().code() != io.netty.handler.codec.mqtt.MqttConnectReturnCode.CONNECTION_ACCEPTED) {
          failure = new IllegalStateException("CONNACK " + ar.result().code());
        }
        ctx = Vertx.currentContext();
        connected.countDown();
      });
    }

    void start(CountDownLatch ended, Runnable onAck) {
      ctx.runOnContext(v -> {
        client.closeHandler(x -> end(ended));
        client.publishCompletionHandler(id -> {
          Integer n = inflight.remove(id);
          if (n == null || acked.get(n)) {
            return;
          }
          acked.set(n);
          ackedCount++;
          onAck.run();
          if (ackedCount == count) {
            end(ended);
          } else {
            sendNext();
          }
        });
        for (int i = 0; i < window && next <= count; i++) {
          sendNext();
        }
      });
    }

    private void sendNext() {
      if (next > count || !client.isConnected()) {
        return;
      }
      int n = next++;
      // The future is already complete when publish returns (the id is chosen synchronously),
      // so the id is mapped before its PUBACK can be read on this same event loop.
      client.publish(topic, Buffer.buffer(payload(stream, n, payloadBytes)),
          MqttQoS.AT_LEAST_ONCE, false, false).onSuccess(id -> inflight.put(id, n));
    }

    private void end(CountDownLatch ended) {
      if (!finished) {
        finished = true;
        ended.countDown();
      }
    }
  }
}
