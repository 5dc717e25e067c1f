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
import io.vertx.core.Future;
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
 * The transport floor of placement, measured in the same run and the same configuration: on a
 * {@link BaselineBroker} (a copy of the hub's broker: same TLS, accounts and ACLs), one client
 * with the hub's role publishes to each device one retained QoS 1 assignment holding its share
 * of the T tasks (same records, same codec, same task definition, task ids of the hub's shape)
 * on the device's real assignment topic; each device, connected with its own credential and
 * the same link options as its simulated agent, decodes it and answers with a RUNNING status
 * report on its real status topic; the clock stops when the publisher holds all N reports. That
 * is the hub's placement round trip (assignment out, status back) without scheduling, storage or
 * the REST API; encoding and decoding are inside the clock on both sides, as for the hub.
 */
final class TransportBaseline {
  private TransportBaseline() {}

  /** Seconds for the round trip; throws if it takes longer than {@code timeoutMs}. */
  static double measure(SimulatedFleet fleet, BaselineBroker broker, TaskDefinition td,
      int tasks, int services, long timeoutMs) throws Exception {
    List<String> ids = fleet.agents().stream().map(a -> a.deviceId).toList();
    int n = ids.size();
    MessageCodec codec = fleet.codec();
    Vertx vertx = fleet.vertx();
    Map<String, Integer> expected = new HashMap<>();
    for (int i = 0; i < n; i++) {
      expected.put(ids.get(i), tasks / n + (i < tasks % n ? 1 : 0));
    }
    List<MqttClient> devices = connectDevices(fleet, broker.port(), ids, timeoutMs);
    Set<String> answered = ConcurrentHashMap.newKeySet();
    CountDownLatch done = new CountDownLatch(n);
    MqttClient client = MqttClient.create(vertx, fleet.links.applyService(new MqttClientOptions()
        .setClientId("bench-baseline").setCleanSession(true).setKeepAliveInterval(30)
        .setMaxInflightQueue(Math.min(65_000, 2 * n + 16)).setMaxMessageSize(codec.maxBytes() + 4096),
        broker.password() == null ? null : BaselineBroker.USERNAME, broker.password()));
    client.publishHandler(m -> {
      String device = Topics.parseDevice(m.topicName()).map(Topics.DeviceTopic::deviceId).orElse("");
      Decoded<StatusReport> d = codec.decode(m.payload().getBytes(), Topics.STATUS, device,
          StatusReport.class);
      if (d instanceof Decoded.Ok<StatusReport> ok && ok.body().generation() == 1
          && ok.body().tasks().size() == expected.getOrDefault(device, -1) && answered.add(device)) {
        done.countDown();
      }
    });
    Context[] ctx = new Context[1];
    CompletableAwait.await(client.connect(broker.port(), "127.0.0.1")
        .compose(ack -> client.subscribe(Topics.allDevices(Topics.STATUS), 1))
        .onSuccess(x -> ctx[0] = Vertx.currentContext()), 30);
    long[] started = new long[1];
    ctx[0].runOnContext(v -> {
      started[0] = System.nanoTime();
      int serial = 0;
      for (String id : ids) {
        List<AssignedTask> list = new ArrayList<>();
        for (int k = 0; k < expected.get(id); k++, serial++) {
          String service = String.format("scale-%03d", serial % services);
          list.add(new AssignedTask(service + "-" + String.format("%08x", serial * 2654435761L & 0xffffffffL),
              service, td, "0123456789abcdef0123456789abcdef"));
        }
        byte[] payload = codec.encode(Topics.ASSIGNMENT, id, System.currentTimeMillis(),
            new Assignment(id, 1, list));
        client.publish(Topics.assignment(id), Buffer.buffer(payload), MqttQoS.AT_LEAST_ONCE, false, true);
      }
    });
    boolean complete = done.await(timeoutMs, TimeUnit.MILLISECONDS);
    long ended = System.nanoTime();
    client.disconnect();
    devices.forEach(c -> {
      if (c.isConnected()) {
        c.disconnect();
      }
    });
    if (!complete) {
      throw new IllegalStateException("transport baseline: only " + answered.size() + " of " + n
          + " devices answered within " + timeoutMs + " ms");
    }
    return (ended - started[0]) / 1e9;
  }

  /** Each device's responder: subscribed to its assignment, answering on its status topic. */
  private static List<MqttClient> connectDevices(SimulatedFleet fleet, int port, List<String> ids,
      long timeoutMs) throws InterruptedException {
    MessageCodec codec = fleet.codec();
    List<MqttClient> clients = new ArrayList<>();
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    for (int from = 0; from < ids.size(); from += 100) {
      List<Future<?>> batch = new ArrayList<>();
      for (String id : ids.subList(from, Math.min(ids.size(), from + 100))) {
        MqttClient c = MqttClient.create(fleet.vertx(), fleet.links.apply(new MqttClientOptions()
            .setClientId("agent-" + id).setCleanSession(true).setKeepAliveInterval(60)
            .setMaxInflightQueue(100).setMaxMessageSize(codec.maxBytes() + 4096), id));
        c.publishHandler(m -> {
          if (m.payload().length() == 0) {
            return;
          }
          if (codec.decode(m.payload().getBytes(), Topics.ASSIGNMENT, id, Assignment.class)
              instanceof Decoded.Ok<Assignment> ok) {
            Assignment a = ok.body();
            c.publish(Topics.status(id), Buffer.buffer(codec.encode(Topics.STATUS, id,
                System.currentTimeMillis(), SimulatedFleet.report(id, a.generation(), a.tasks()))),
                MqttQoS.AT_LEAST_ONCE, false, false);
          }
        });
        clients.add(c);
        batch.add(c.connect(port, "127.0.0.1").compose(x -> c.subscribe(Topics.assignment(id), 1)));
      }
      for (Future<?> f : batch) {
        CompletableAwait.await(f, Math.max(1, deadline - System.nanoTime()), "baseline device");
      }
    }
    return clients;
  }
}
