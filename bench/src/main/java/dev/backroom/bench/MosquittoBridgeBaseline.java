package dev.backroom.bench;

import dev.backroom.harness.ManagedProcess;
import dev.backroom.harness.MosquittoProcess;
import dev.backroom.harness.Ports;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Vertx;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The drain baseline, measured in the same run: the usual way to get store telemetry to a cloud
 * with off-the-shelf parts. Two real Mosquitto processes on loopback, both with persistence on:
 * a "store" broker with a QoS 1 bridge ({@code topic backroom/v1/telemetry/# out 1}) to a
 * "cloud" broker, where one subscriber counts.
 *
 * <p>To measure the same thing as the hub's drain (a backlog queued while the uplink was down,
 * sent once it is up), the bridge is {@code start_type lazy} with {@code threshold} = the
 * backlog: Mosquitto queues every message for the disconnected bridge and connects it when the
 * last one arrives. The clock runs from then (see {@link #measure}) to the subscriber holding
 * every message. {@code max_inflight_messages} is 0 (unlimited) rather than Mosquitto's 20, which
 * would throttle the bridge and flatter Backroom; besides, Mosquitto 2.0.11 never sends a
 * reconnected bridge the messages queued beyond its in-flight limit. Queue limits are off so
 * nothing is dropped. Mosquitto's persistence is a snapshot (at exit and every autosave), not a
 * write per message as the hub's outbox does, so the baseline does less durable work.
 */
final class MosquittoBridgeBaseline {
  private static final Pattern SEQ = Pattern.compile("\"s\":\"([^\"]+)\",\"n\":(\\d+)");
  static final int BRIDGE_INFLIGHT = 0;

  private MosquittoBridgeBaseline() {}

  record Round(long messages, double seconds, long distinct, long duplicates) {
    double msgsPerS() {
      return distinct / seconds;
    }
  }

  static Round measure(Vertx vertx, Path dir, List<String> streams, int perStream,
      int payloadBytes, int window, long timeoutMs) throws Exception {
    long total = (long) perStream * streams.size();
    int cloudPort = Ports.free();
    int storePort = Ports.free();
    ManagedProcess cloud = start(dir.resolve("cloud"), conf(dir.resolve("cloud"), cloudPort, ""));
    ManagedProcess store = null;
    MqttClient sub = null;
    try {
      Ports.awaitOpen(cloudPort, Duration.ofSeconds(10), cloud.process(), "cloud mosquitto");
      Map<String, BitSet> seen = new ConcurrentHashMap<>();
      AtomicLong distinct = new AtomicLong();
      AtomicLong dups = new AtomicLong();
      CountDownLatch all = new CountDownLatch(1);
      long[] first = {Long.MAX_VALUE};
      long[] last = new long[1];
      sub = MqttClient.create(vertx, new MqttClientOptions().setClientId("bench-cloud-sub")
          .setCleanSession(true).setKeepAliveInterval(30).setMaxInflightQueue(65_000));
      MqttClient s = sub;
      s.publishHandler(m -> {
        Matcher mm = SEQ.matcher(m.payload().toString(StandardCharsets.UTF_8));
        if (!mm.find()) {
          return;
        }
        if (first[0] == Long.MAX_VALUE) {
          first[0] = System.nanoTime();
        }
        BitSet b = seen.computeIfAbsent(mm.group(1), k -> new BitSet());
        int n = Integer.parseInt(mm.group(2));
        if (b.get(n)) {
          dups.incrementAndGet();
        } else {
          b.set(n);
          if (distinct.incrementAndGet() == total) {
            last[0] = System.nanoTime();
            all.countDown();
          }
        }
      });
      CompletableAwait.await(s.connect(cloudPort, "127.0.0.1")
          .compose(a -> s.subscribe("backroom/v1/telemetry/#", MqttQoS.AT_LEAST_ONCE.value())), 30);

      String bridge = String.join("\n",
          "connection cloud",
          "address 127.0.0.1:" + cloudPort,
          "topic backroom/v1/telemetry/# out 1",
          "bridge_protocol_version mqttv311",
          "try_private true",
          "notifications false",
          "cleansession false",
          "local_cleansession false",
          "start_type lazy",
          "threshold " + total,
          "idle_timeout 3600", "");
      store = start(dir.resolve("store"), conf(dir.resolve("store"), storePort, bridge));
      Ports.awaitOpen(storePort, Duration.ofSeconds(10), store.process(), "store mosquitto");
      QosPublishers.Result pub = QosPublishers.publish(vertx, storePort, "backroom/v1/telemetry/",
          streams, perStream, payloadBytes, window, -1, null, timeoutMs);
      long lastPuback = System.nanoTime();
      if (!all.await(timeoutMs, TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException("bridge baseline: cloud subscriber has " + distinct.get()
            + " of " + total + " messages after " + timeoutMs + " ms; see " + dir);
      }
      // The bridge starts when the store broker holds the last message; the earliest thing we
      // observe after that is the last PUBACK or the first message at the cloud, whichever
      // came first (the bridge may already be sending while the PUBACK is on its way).
      long t0 = Math.min(lastPuback, first[0]);
      return new Round(pub.ackedTotal(), (last[0] - t0) / 1e9, distinct.get(), dups.get());
    } finally {
      if (sub != null) {
        sub.disconnect();
      }
      if (store != null) {
        store.stop();
      }
      cloud.stop();
    }
  }

  private static String conf(Path dir, int port, String extra) throws IOException {
    Files.createDirectories(dir);
    // Started as root, Mosquitto drops to its own user, which must be able to save there.
    Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
    return String.join("\n",
        "listener " + port + " 127.0.0.1",
        "allow_anonymous true",
        "persistence true",
        "persistence_location " + dir.toAbsolutePath() + "/",
        // Mosquitto's defaults (1000 queued, 20 in flight) drop or throttle a backlog.
        "max_queued_messages 0",
        "max_queued_bytes 0",
        "max_inflight_messages " + BRIDGE_INFLIGHT,
        "log_dest stdout",
        "log_type error", "log_type warning", "log_type notice",
        System.getenv("BENCH_MOSQUITTO_DEBUG") != null ? "log_type all" : "", "",
        extra);
  }

  private static ManagedProcess start(Path dir, String conf) throws IOException {
    Path file = dir.resolve("mosquitto.conf");
    Files.writeString(file, conf);
    return new ManagedProcess("mosquitto", List.of(MosquittoProcess.binary(), "-c", file.toString()),
        dir.resolve("mosquitto.log")).start();
  }
}
