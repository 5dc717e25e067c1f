package dev.backroom.bench;

import dev.backroom.mqtt.codec.MessageCodec;
import dev.backroom.mqtt.message.AssignedTask;
import dev.backroom.mqtt.message.ContainerStatus;
import dev.backroom.mqtt.message.StatusReport;
import dev.backroom.mqtt.message.TaskStatus;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * SIMULATION. N device agents ({@link SimulatedAgent}) that are real MQTT clients of the hub's
 * broker and follow the agent's wire contract ({@code agent.mqtt.HubLink}) message for message,
 * but whose container runtime is simulated: every assigned task "starts" at once and is reported
 * RUNNING, health UNKNOWN, with one fake container. No Docker engine is involved, so the
 * benchmark measures the hub and the broker, not container start-up.
 *
 * <p>Why Vert.x MQTT rather than Paho: a Paho client owns about three threads (sender, receiver,
 * callback), so 1,000 agents would mean ~3,000 threads competing with the hub for the same
 * cores. Vert.x clients share a couple of Netty event loops. The hub itself still uses Paho.
 *
 * <p>How they reach the broker ({@link FleetLinks}): by default over TLS trusting only the store
 * CA, each with the credential its enrolment gave it, so the broker's ACLs apply to them as to
 * real agents.
 */
final class SimulatedFleet implements AutoCloseable {
  /** Held strongly: java.util.logging forgets the level of a logger that was collected. */
  private static final java.util.logging.Logger VERTX_LOG = quiet("io.vertx");
  private static final java.util.logging.Logger NETTY_LOG = quiet("io.netty");
  /**
   * Off: it logs a SEVERE stack trace for every refused connect, and a fleet retrying through a
   * hub restart makes thousands; the agents count their retries instead ({@link #reconnects}).
   */
  private static final java.util.logging.Logger MQTT_CLIENT_LOG = off("io.vertx.mqtt.impl.MqttClientImpl");

  final Vertx vertx;
  final MessageCodec codec = new MessageCodec();
  final FleetLinks links;
  private final List<SimulatedAgent> agents = new ArrayList<>();
  final long heartbeatMs;
  final long statusMs;
  final int keepAliveS;
  final AtomicLong assignmentsReceived = new AtomicLong();
  final AtomicLong rejected = new AtomicLong();
  final AtomicLong statusSent = new AtomicLong();
  final AtomicLong heartbeatsSent = new AtomicLong();
  final AtomicLong publishFailures = new AtomicLong();
  /** Connections retried after a refusal or a drop, as a real agent would. */
  final AtomicLong reconnects = new AtomicLong();
  /**
   * Why connects failed, by reason (the exception's class and message, ports and ids cut out),
   * and how many drops of a live connection there were: tells a broker that is down from one
   * that refuses or times out.
   */
  final java.util.concurrent.ConcurrentHashMap<String, java.util.concurrent.atomic.LongAdder>
      connectFailures = new java.util.concurrent.ConcurrentHashMap<>();

  void connectFailed(String reason) {
    connectFailures.computeIfAbsent(reason, k -> new java.util.concurrent.atomic.LongAdder())
        .increment();
  }

  /** Keep-alive PINGREQs sent, as Paho sends them (see {@code SimulatedAgent.keepAlive}). */
  final AtomicLong pingsSent = new AtomicLong();

  SimulatedFleet(List<String> deviceIds, FleetLinks links, long heartbeatMs, long statusMs,
      int keepAliveS) {
    // Two event loops: the box is shared with the hub, and 1,000 idle agents need little.
    this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2).setWorkerPoolSize(2)
        .setBlockedThreadCheckInterval(10_000));
    this.links = links;
    this.heartbeatMs = heartbeatMs;
    this.statusMs = statusMs;
    this.keepAliveS = keepAliveS;
    for (String id : deviceIds) {
      agents.add(new SimulatedAgent(this, id));
    }
  }

  /** The fleet's device ids: sim-00000, sim-00001, ... */
  static List<String> deviceIds(int devices) {
    List<String> ids = new ArrayList<>(devices);
    for (int i = 0; i < devices; i++) {
      ids.add(String.format("sim-%05d", i));
    }
    return ids;
  }

  List<SimulatedAgent> agents() {
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
    connect(agents, host, port, parallel, timeoutMs);
  }

  /** Connects {@code some} of the agents again (devices back after a loss), as {@link #connectAll}. */
  void connect(List<SimulatedAgent> some, String host, int port, int parallel, long timeoutMs)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    for (int from = 0; from < some.size(); from += parallel) {
      List<Future<Void>> batch = new ArrayList<>();
      for (SimulatedAgent a : some.subList(from, Math.min(some.size(), from + parallel))) {
        batch.add(a.connect(host, port));
      }
      for (Future<Void> f : batch) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new IllegalStateException("simulated agents not connected within " + timeoutMs + " ms");
        }
        CompletableAwait.await(f, left, "simulated agent");
      }
    }
  }

  /** A RUNNING report of every task in {@code list}, as the simulated runtime has it. */
  static StatusReport report(String deviceId, long gen, List<AssignedTask> list) {
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

  private static java.util.logging.Logger quiet(String name) {
    java.util.logging.Logger l = java.util.logging.Logger.getLogger(name);
    l.setLevel(java.util.logging.Level.WARNING); // not one INFO line per connection
    return l;
  }

  private static java.util.logging.Logger off(String name) {
    java.util.logging.Logger l = java.util.logging.Logger.getLogger(name);
    l.setLevel(java.util.logging.Level.OFF);
    return l;
  }

  /** Disconnects the agents still connected, then stops the event loops. */
  @Override
  public void close() {
    List<Future<Void>> bye = new ArrayList<>();
    for (SimulatedAgent a : agents) {
      Future<Void> f = a.shutDown();
      if (f != null) {
        bye.add(f);
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
}
