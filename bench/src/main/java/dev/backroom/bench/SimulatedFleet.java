package dev.backroom.bench;

import dev.backroom.mqtt.Topics;
import dev.backroom.mqtt.codec.Decoded;
import dev.backroom.mqtt.codec.MessageCodec;
import dev.backroom.mqtt.message.AssignedTask;
import dev.backroom.mqtt.message.Assignment;
import dev.backroom.mqtt.message.Capabilities;
import dev.backroom.mqtt.message.ContainerStatus;
import dev.backroom.mqtt.message.Heartbeat;
import dev.backroom.mqtt.message.Lifecycle;
import dev.backroom.mqtt.message.StatusReport;
import dev.backroom.mqtt.message.TaskStatus;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import io.vertx.mqtt.messages.MqttPublishMessage;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * SIMULATION. N device agents that are real MQTT clients of the hub's broker and follow the
 * agent's wire contract ({@code agent.mqtt.HubLink}) message for message, but whose container
 * runtime is simulated: every assigned task "starts" at once and is reported RUNNING, health
 * UNKNOWN, with one fake container. No Docker engine is involved, so the benchmark measures the
 * hub and the broker, not container start-up.
 *
 * <p>Why Vert.x MQTT rather than Paho: a Paho client owns about three threads (sender, receiver,
 * callback), so 1,000 agents would mean ~3,000 threads competing with the hub for the same
 * cores. Vert.x clients share a couple of Netty event loops. The hub itself still uses Paho.
 *
 * <p>Besides the agent's own topics each simulated agent subscribes to one bench-only topic,
 * {@code bench/v1/devices/{id}/assignment}, used by {@link TransportBaseline}; it answers there
 * exactly as it answers the hub, but on {@code bench/v1/devices/{id}/status}, which the hub does
 * not read.
 */
final class SimulatedFleet implements AutoCloseable {
  static final String BASELINE_PREFIX = "bench/v1/devices/";
  /** Held strongly: java.util.logging forgets the level of a logger that was collected. */
  private static final java.util.logging.Logger VERTX_LOG = quiet("io.vertx");
  private static final java.util.logging.Logger NETTY_LOG = quiet("io.netty");

  private final Vertx vertx;
  private final MessageCodec codec = new MessageCodec();
  private final List<Agent> agents = new ArrayList<>();
  private final long heartbeatMs;
  private final long statusMs;
  private final int keepAliveS;
  final AtomicLong assignmentsReceived = new AtomicLong();
  final AtomicLong rejected = new AtomicLong();
  final AtomicLong statusSent = new AtomicLong();
  final AtomicLong heartbeatsSent = new AtomicLong();
  final AtomicLong publishFailures = new AtomicLong();
  /** Connections retried after a refusal or a drop, as a real agent would. */
  final AtomicLong reconnects = new AtomicLong();

  /** Keep-alive PINGREQs sent, as Paho sends them (see {@code Agent.keepAlive}). */
  final AtomicLong pingsSent = new AtomicLong();

  SimulatedFleet(int devices, long heartbeatMs, long statusMs, int keepAliveS) {
    // Two event loops: the box is shared with the hub, and 1,000 idle agents need little.
    this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2).setWorkerPoolSize(2)
        .setBlockedThreadCheckInterval(10_000));
    this.heartbeatMs = heartbeatMs;
    this.statusMs = statusMs;
    this.keepAliveS = keepAliveS;
    for (int i = 0; i < devices; i++) {
      agents.add(new Agent(String.format("sim-%05d", i)));
    }
  }

  List<Agent> agents() {
    return agents;
  }

  Vertx vertx() {
    return vertx;
  }

  MessageCodec codec() {
    return codec;
  }

  /**
   * Connects every agent, at most {@code parallel} handshakes at a time, and waits until each
   * has announced itself and subscribed. Throws if that takes longer than {@code timeoutMs}.
   */
  void connectAll(String host, int port, int parallel, long timeoutMs) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    for (int from = 0; from < agents.size(); from += parallel) {
      List<Future<Void>> batch = new ArrayList<>();
      for (Agent a : agents.subList(from, Math.min(agents.size(), from + parallel))) {
        batch.add(a.connect(host, port));
      }
      for (Future<Void> f : batch) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new IllegalStateException("simulated agents not connected within " + timeoutMs + " ms");
        }
        awaitFuture(f, left);
      }
    }
  }

  private static void awaitFuture(Future<Void> f, long nanos) throws InterruptedException {
    java.util.concurrent.CompletableFuture<Void> cf = f.toCompletionStage().toCompletableFuture();
    try {
      cf.get(nanos, TimeUnit.NANOSECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("simulated agent failed to connect", e.getCause());
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("simulated agent did not connect in time", e);
    }
  }

  private static java.util.logging.Logger quiet(String name) {
    java.util.logging.Logger l = java.util.logging.Logger.getLogger(name);
    l.setLevel(java.util.logging.Level.WARNING); // not one INFO line per connection
    return l;
  }

  /** Disconnects the agents still connected, then stops the event loops. */
  @Override
  public void close() {
    List<Future<Void>> bye = new ArrayList<>();
    for (Agent a : agents) {
      a.lost = true; // stops timers' publishes before the disconnects
      vertx.cancelTimer(a.heartbeatTimer);
      vertx.cancelTimer(a.statusTimer);
      vertx.cancelTimer(a.pingTimer);
      if (a.client != null && a.client.isConnected()) {
        bye.add(a.client.disconnect());
      }
    }
    try {
      Future.join(new ArrayList<>(bye)).toCompletionStage().toCompletableFuture()
          .get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      // best effort at the end of a run
    }
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      // best effort at the end of a run
    }
  }

  /** One simulated agent. Fields written on its own event loop, read by the bench thread. */
  final class Agent {
    final String deviceId;
    private MqttClient client;
    private volatile long generation = -1;
    private volatile List<AssignedTask> tasks = List.of();
    private volatile boolean lost;
    /** nanoTime at which the newest hub assignment was applied and its status sent. */
    volatile long appliedAtNanos;
    private long heartbeatSeq;
    private volatile long heartbeatTimer = -1;
    private volatile long statusTimer = -1;
    private volatile long pingTimer = -1;
    /** System.nanoTime of the last packet received and sent, for the keep-alive rule. */
    private volatile long lastInbound;
    private volatile long lastOutbound;

    Agent(String deviceId) {
      this.deviceId = deviceId;
    }

    int taskCount() {
      return tasks.size();
    }

    long generation() {
      return generation;
    }

    boolean isLost() {
      return lost;
    }

    /**
     * Like HubLink: last will offline (retained); on connect online and capabilities, retained.
     * Like the real agent, a refused or dropped connection is retried until the agent is lost or
     * closed; the future completes on the first successful connect.
     */
    Future<Void> connect(String host, int port) {
      Promise<Void> done = Promise.promise();
      attempt(host, port, done, 0);
      return done.future();
    }

    private void attempt(String host, int port, Promise<Void> done, int failures) {
      byte[] will = codec.encode(Topics.LIFECYCLE, deviceId, System.currentTimeMillis(),
          new Lifecycle(deviceId, Lifecycle.OFFLINE, "connection lost"));
      MqttClientOptions o = new MqttClientOptions().setClientId("agent-" + deviceId)
          .setCleanSession(true).setKeepAliveInterval(keepAliveS).setAutoKeepAlive(false)
          .setWillFlag(true).setWillTopic(Topics.lifecycle(deviceId))
          .setWillMessageBytes(Buffer.buffer(will)).setWillQoS(1).setWillRetain(true)
          .setMaxInflightQueue(100).setMaxMessageSize(codec.maxBytes() + 4096);
      MqttClient c = MqttClient.create(vertx, o);
      client = c;
      c.publishHandler(m -> {
        lastInbound = System.nanoTime();
        arrived(m);
      });
      c.publishCompletionHandler(id -> lastInbound = System.nanoTime());
      c.pingResponseHandler(v -> lastInbound = System.nanoTime());
      c.closeHandler(v -> {
        vertx.cancelTimer(heartbeatTimer);
        vertx.cancelTimer(statusTimer);
        vertx.cancelTimer(pingTimer);
        if (!lost && done.future().isComplete()) {
          reconnects.incrementAndGet();
          vertx.setTimer(200, t -> attempt(host, port, Promise.promise(), 0));
        }
      });
      c.connect(port, host)
          .compose(ack -> publish(Topics.LIFECYCLE, Topics.lifecycle(deviceId),
              new Lifecycle(deviceId, Lifecycle.ONLINE, "started"), MqttQoS.AT_LEAST_ONCE, true))
          .compose(x -> publish(Topics.CAPABILITIES, Topics.capabilities(deviceId), capabilities(),
              MqttQoS.AT_LEAST_ONCE, true))
          .compose(x -> c.subscribe(Topics.assignment(deviceId), 1))
          .compose(x -> c.subscribe(BASELINE_PREFIX + deviceId + "/assignment", 1))
          .onSuccess(x -> {
            startTimers();
            done.tryComplete();
          })
          .onFailure(e -> {
            if (lost || failures >= 20) {
              done.tryFail(e);
            } else {
              reconnects.incrementAndGet();
              if (c.isConnected()) {
                c.disconnect();
              }
              vertx.setTimer(200, t -> attempt(host, port, done, failures + 1));
            }
          });
    }

    private Capabilities capabilities() {
      return new Capabilities(deviceId, "x86_64", "linux", 8, 16384, 0,
          Map.of("ecs.cpu-architecture", "x86_64", "ecs.os-type", "linux", "bench.simulated", "true"),
          "bench-simulated");
    }

    /** Runs on the client's event loop, so timers share its context. */
    private void startTimers() {
      ThreadLocalRandom r = ThreadLocalRandom.current();
      lastInbound = lastOutbound = System.nanoTime();
      long keepAliveNanos = TimeUnit.SECONDS.toNanos(keepAliveS);
      pingTimer = vertx.setTimer(keepAliveS * 1000L, x -> keepAlive(keepAliveNanos));
      // Jittered first tick: real agents do not all start in the same millisecond.
      vertx.setTimer(1 + r.nextLong(heartbeatMs), t -> {
        if (!lost) {
          heartbeat();
          heartbeatTimer = vertx.setPeriodic(heartbeatMs, x -> heartbeat());
        }
      });
      // The first repeat at a random point of one period, so an idle window of any length sees
      // the fleet's steady rate (1 per period per agent) from the start.
      vertx.setTimer(1 + r.nextLong(statusMs), t -> {
        if (!lost) {
          publishStatus(Topics.status(deviceId));
          statusTimer = vertx.setPeriodic(statusMs, x -> publishStatus(Topics.status(deviceId)));
        }
      });
    }

    /**
     * Paho 1.2.5's keep-alive (ClientState.checkForActivity), which the real agent's transport
     * uses: at each check, a PINGREQ when nothing was received, or nothing sent, for a keep-alive
     * period, and the next check a period later; otherwise the next check when the period since
     * the last packet sent ends. Agents receive little (QoS 0 heartbeats get no answer), so they
     * ping about once per period whatever they publish. Vert.x's own keep-alive (a ping only when
     * nothing was sent) would spare the broker that traffic and flatter the hub.
     */
    private void keepAlive(long keepAliveNanos) {
      if (lost || !client.isConnected()) {
        return;
      }
      long now = System.nanoTime();
      long slack = 100_000; // Paho's 0.1 ms allowance
      long nextNanos;
      if (now - lastInbound >= keepAliveNanos - slack || now - lastOutbound >= keepAliveNanos - slack) {
        client.ping();
        lastOutbound = now;
        pingsSent.incrementAndGet();
        nextNanos = keepAliveNanos;
      } else {
        nextNanos = Math.max(1_000_000, keepAliveNanos - (now - lastOutbound));
      }
      pingTimer = vertx.setTimer(TimeUnit.NANOSECONDS.toMillis(nextNanos), x -> keepAlive(keepAliveNanos));
    }

    private void heartbeat() {
      if (lost) {
        return;
      }
      publish(Topics.HEARTBEAT, Topics.heartbeat(deviceId), new Heartbeat(deviceId,
          ++heartbeatSeq, Math.max(0, generation), tasks.size()), MqttQoS.AT_MOST_ONCE, false);
    }

    private void arrived(MqttPublishMessage m) {
      if (m.payload().length() == 0) {
        return; // a cleared retained message
      }
      boolean baseline = m.topicName().startsWith(BASELINE_PREFIX);
      Decoded<Assignment> d = codec.decode(m.payload().getBytes(), Topics.ASSIGNMENT, deviceId,
          Assignment.class);
      if (!(d instanceof Decoded.Ok<Assignment> ok)) {
        rejected.incrementAndGet();
        return;
      }
      assignmentsReceived.incrementAndGet();
      Assignment a = ok.body();
      if (baseline) {
        publish(Topics.STATUS, BASELINE_PREFIX + deviceId + "/status", report(a.generation(), a.tasks()),
            MqttQoS.AT_LEAST_ONCE, false);
        return;
      }
      if (a.generation() <= generation) {
        return; // stale or repeated copy: nothing new, like the real agent
      }
      // The simulated runtime: every task starts at once, nothing can fail.
      generation = a.generation();
      tasks = List.copyOf(a.tasks());
      publishStatus(Topics.status(deviceId));
      appliedAtNanos = System.nanoTime();
    }

    private void publishStatus(String topic) {
      if (generation >= 0 && !lost) {
        publish(Topics.STATUS, topic, report(generation, tasks), MqttQoS.AT_LEAST_ONCE, false);
      }
    }

    private StatusReport report(long gen, List<AssignedTask> list) {
      List<TaskStatus> out = new ArrayList<>(list.size());
      for (AssignedTask t : list) {
        String name = t.taskDefinition().containerDefinitions() == null
            || t.taskDefinition().containerDefinitions().isEmpty() ? "main"
            : t.taskDefinition().containerDefinitions().get(0).name();
        String fakeId = String.format("sim%08x%08x", t.taskId().hashCode(), deviceId.hashCode());
        out.add(new TaskStatus(t.taskId(), t.serviceName(), t.specHash(), TaskStatus.RUNNING,
            "UNKNOWN", List.of(new ContainerStatus(name, fakeId, "running", null, "UNKNOWN", 0,
                "simulated runtime"))));
      }
      return new StatusReport(deviceId, gen, out);
    }

    private Future<Void> publish(String type, String topic, Object body, MqttQoS qos, boolean retain) {
      if (!client.isConnected()) {
        return Future.succeededFuture(); // lost or shutting down: a real agent's publish returns false
      }
      byte[] bytes = codec.encode(type, deviceId, System.currentTimeMillis(), body);
      if (Topics.STATUS.equals(type)) {
        statusSent.incrementAndGet();
      } else if (Topics.HEARTBEAT.equals(type)) {
        heartbeatsSent.incrementAndGet();
      }
      lastOutbound = System.nanoTime();
      return client.publish(topic, Buffer.buffer(bytes), qos, false, retain)
          .onFailure(e -> publishFailures.incrementAndGet()).mapEmpty();
    }

    /**
     * The device vanishes like a kill -9 or a pulled cable: the TCP connection closes without an
     * MQTT DISCONNECT, so the broker fires the last will. Vert.x MQTT only offers a clean
     * disconnect, hence the reflective reach for its socket.
     */
    void loseAbruptly() {
      lost = true;
      vertx.cancelTimer(heartbeatTimer);
      vertx.cancelTimer(statusTimer);
      vertx.cancelTimer(pingTimer);
      try {
        Field f = client.getClass().getDeclaredField("connection");
        f.setAccessible(true);
        ((NetSocket) f.get(client)).close();
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("cannot reach the MQTT socket of " + deviceId
            + " to drop it abruptly (vertx-mqtt internals changed?)", e);
      }
    }
  }
}
