package dev.backroom.bench;

import dev.backroom.config.model.TaskDefinition;
import dev.backroom.mqtt.Topics;
import dev.backroom.mqtt.codec.Decoded;
import dev.backroom.mqtt.codec.MessageCodec;
import dev.backroom.mqtt.message.AssignedTask;
import dev.backroom.mqtt.message.Assignment;
import dev.backroom.mqtt.message.StatusReport;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The transport floor of placement, measured in the same run through the same broker: one plain
 * MQTT client publishes to each simulated agent one retained QoS 1 assignment holding its share
 * of the T tasks (same records, same codec, same task definition, task ids of the hub's shape),
 * each agent decodes it and answers with a RUNNING status report, and the clock stops when the
 * client holds all N reports. That is the hub's placement round trip (assignment out, status
 * back) without scheduling, storage or the REST API; encoding and decoding are inside the clock
 * on both sides, as they are for the hub.
 */
final class TransportBaseline {
  private TransportBaseline() {}

  /** Seconds for the round trip; throws if it takes longer than {@code timeoutMs}. */
  static double measure(SimulatedFleet fleet, String host, int port, TaskDefinition td,
      int tasks, int services, long timeoutMs) throws Exception {
    List<SimulatedFleet.Agent> agents = fleet.agents();
    int n = agents.size();
    MessageCodec codec = fleet.codec();
    Map<String, Integer> expected = new HashMap<>();
    for (int i = 0; i < n; i++) {
      expected.put(agents.get(i).deviceId, tasks / n + (i < tasks % n ? 1 : 0));
    }
    Set<String> answered = ConcurrentHashMap.newKeySet();
    CountDownLatch done = new CountDownLatch(n);
    Vertx vertx = fleet.vertx();
    MqttClient client = MqttClient.create(vertx, new MqttClientOptions()
        .setClientId("bench-baseline").setCleanSession(true).setKeepAliveInterval(30)
        .setMaxInflightQueue(Math.min(65_000, 2 * n + 16)).setMaxMessageSize(codec.maxBytes() + 4096));
    client.publishHandler(m -> {
      String topic = m.topicName();
      String device = topic.substring(SimulatedFleet.BASELINE_PREFIX.length(), topic.lastIndexOf('/'));
      Decoded<StatusReport> d = codec.decode(m.payload().getBytes(), Topics.STATUS, device,
          StatusReport.class);
      if (d instanceof Decoded.Ok<StatusReport> ok && ok.body().generation() == 1
          && ok.body().tasks().size() == expected.getOrDefault(device, -1) && answered.add(device)) {
        done.countDown();
      }
    });
    CountDownLatch ready = new CountDownLatch(1);
    Context[] ctx = new Context[1];
    client.connect(port, host)
        .compose(ack -> client.subscribe(SimulatedFleet.BASELINE_PREFIX + "+/status", 1))
        .onSuccess(x -> {
          ctx[0] = Vertx.currentContext();
          ready.countDown();
        })
        .onFailure(e -> System.err.println("baseline client: " + e));
    if (!ready.await(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("baseline MQTT client could not connect and subscribe");
    }
    long[] started = new long[1];
    ctx[0].runOnContext(v -> {
      started[0] = System.nanoTime();
      int serial = 0;
      for (SimulatedFleet.Agent a : agents) {
        List<AssignedTask> list = new ArrayList<>();
        for (int k = 0; k < expected.get(a.deviceId); k++, serial++) {
          String service = String.format("scale-%03d", serial % services);
          list.add(new AssignedTask(service + "-" + String.format("%08x", serial * 2654435761L & 0xffffffffL),
              service, td, "0123456789abcdef0123456789abcdef"));
        }
        byte[] payload = codec.encode(Topics.ASSIGNMENT, a.deviceId, System.currentTimeMillis(),
            new Assignment(a.deviceId, 1, list));
        client.publish(SimulatedFleet.BASELINE_PREFIX + a.deviceId + "/assignment",
            Buffer.buffer(payload), MqttQoS.AT_LEAST_ONCE, false, true);
      }
    });
    boolean complete = done.await(timeoutMs, TimeUnit.MILLISECONDS);
    long ended = System.nanoTime();
    // Clear the retained copies so they do not sit in the broker's (the hub's) memory.
    CountDownLatch cleared = new CountDownLatch(1);
    ctx[0].runOnContext(v -> {
      for (SimulatedFleet.Agent a : agents) {
        client.publish(SimulatedFleet.BASELINE_PREFIX + a.deviceId + "/assignment",
            Buffer.buffer(), MqttQoS.AT_LEAST_ONCE, false, true);
      }
      cleared.countDown();
    });
    cleared.await(10, TimeUnit.SECONDS);
    Thread.sleep(500);
    client.disconnect();
    if (!complete) {
      throw new IllegalStateException("transport baseline: only " + answered.size() + " of " + n
          + " agents answered within " + timeoutMs + " ms");
    }
    return (ended - started[0]) / 1e9;
  }
}
