package dev.backroom.bench;

import dev.backroom.mqtt.Topics;
import dev.backroom.mqtt.codec.Decoded;
import dev.backroom.mqtt.message.AssignedTask;
import dev.backroom.mqtt.message.Assignment;
import dev.backroom.mqtt.message.Capabilities;
import dev.backroom.mqtt.message.Heartbeat;
import dev.backroom.mqtt.message.Lifecycle;
import dev.backroom.mqtt.transport.ReconnectBackoff;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import io.vertx.mqtt.messages.MqttPublishMessage;
import java.lang.reflect.Field;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * One simulated agent of a {@link SimulatedFleet}. Fields written on its own event loop, read by
 * the bench thread. Reconnects as the real agent's transport does (PahoMqttTransport): at once
 * after a drop, then as its ReconnectBackoff says (200 ms doubling, up to 2 s while refused and
 * 5 s otherwise, plus up to half again of jitter); and it
 * reports its status again on every reconnect, as the real agent does.
 */
final class SimulatedAgent {

  private final SimulatedFleet fleet;
  final String deviceId;
  private MqttClient client;
  private String host;
  private int port;
  private volatile long generation = -1;
  private volatile List<AssignedTask> tasks = List.of();
  private volatile boolean lost;
  private volatile boolean closing;
  /** nanoTime at which the newest hub assignment was applied and its status sent. */
  volatile long appliedAtNanos;
  /** nanoTime of the newest successful connect (CONNACK, announcements and subscription done). */
  volatile long connectedAtNanos;
  /** nanoTime at which the broker acknowledged the status report sent on that connect. */
  volatile long connectStatusAckedAtNanos;
  private volatile int connectStatusPacketId = -1;
  private long heartbeatSeq;
  private volatile long heartbeatTimer = -1;
  private volatile long statusTimer = -1;
  private volatile long pingTimer = -1;
  /** System.nanoTime of the last packet received and sent, for the keep-alive rule. */
  private volatile long lastInbound;
  private volatile long lastOutbound;

  SimulatedAgent(SimulatedFleet fleet, String deviceId) {
    this.fleet = fleet;
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
   * The future completes on the first successful connect, or fails after 20 refused attempts
   * in a row (a bad credential would otherwise retry for ever); later drops are retried without
   * end, like the real agent. Also brings back an agent lost earlier.
   */
  Future<Void> connect(String host, int port) {
    this.host = host;
    this.port = port;
    this.lost = false;
    Promise<Void> done = Promise.promise();
    attempt(done, 0, new ReconnectBackoff(), true);
    return done.future();
  }

  /** Connects as the agent's transport does, with its {@link ReconnectBackoff} between tries. */
  private void attempt(Promise<Void> done, int failures, ReconnectBackoff backoff, boolean initial) {
    if (lost || closing) {
      done.tryFail("agent " + deviceId + " lost or closing");
      return;
    }
    byte[] will = fleet.codec.encode(Topics.LIFECYCLE, deviceId, System.currentTimeMillis(),
        new Lifecycle(deviceId, Lifecycle.OFFLINE, "connection lost"));
    MqttClientOptions o = new MqttClientOptions().setClientId("agent-" + deviceId)
        .setCleanSession(true).setKeepAliveInterval(fleet.keepAliveS).setAutoKeepAlive(false)
        .setWillFlag(true).setWillTopic(Topics.lifecycle(deviceId))
        .setWillMessageBytes(Buffer.buffer(will)).setWillQoS(1).setWillRetain(true)
        .setMaxInflightQueue(100).setMaxMessageSize(fleet.codec.maxBytes() + 4096);
    o.setConnectTimeout(5_000); // Paho's, as the agent sets it
    MqttClient c = MqttClient.create(fleet.vertx, fleet.links.apply(o, deviceId));
    client = c;
    c.publishHandler(m -> {
      lastInbound = System.nanoTime();
      arrived(m);
    });
    c.publishCompletionHandler(id -> {
      lastInbound = System.nanoTime();
      if (id == connectStatusPacketId) {
        connectStatusAckedAtNanos = System.nanoTime();
      }
    });
    c.pingResponseHandler(v -> lastInbound = System.nanoTime());
    c.closeHandler(v -> {
      cancelTimers();
      if (!lost && !closing && done.future().isComplete()) {
        fleet.reconnects.incrementAndGet();
        fleet.connectFailed("connection dropped");
        // At once, as Paho's connectionLost does.
        attempt(Promise.promise(), 0, new ReconnectBackoff(), false);
      }
    });
    c.connect(port, host)
        .compose(ack -> publish(Topics.LIFECYCLE, Topics.lifecycle(deviceId),
            new Lifecycle(deviceId, Lifecycle.ONLINE, "started"), MqttQoS.AT_LEAST_ONCE, true))
        .compose(x -> publish(Topics.CAPABILITIES, Topics.capabilities(deviceId), capabilities(),
            MqttQoS.AT_LEAST_ONCE, true))
        .compose(x -> c.subscribe(Topics.assignment(deviceId), 1))
        .onSuccess(x -> {
          connectedAtNanos = System.nanoTime();
          reportOnConnect();
          startTimers();
          done.tryComplete();
        })
        .onFailure(e -> {
          if (lost || closing || (initial && failures >= 20)) {
            done.tryFail(e);
            return;
          }
          fleet.reconnects.incrementAndGet();
          fleet.connectFailed(reason(e));
          if (c.isConnected()) {
            c.disconnect();
          }
          long delay = ReconnectBackoff.withJitter(
              backoff.afterFailure(ReconnectBackoff.refused(e)), ThreadLocalRandom.current().nextDouble());
          fleet.vertx.setTimer(delay, t -> attempt(done, failures + 1, backoff, initial));
        });
  }

  /** A failed connect's reason without what differs per attempt (ports, client ids). */
  static String reason(Throwable e) {
    String m = String.valueOf(e.getMessage()).replaceAll("[0-9]+", "N")
        .replaceAll("agent-sim-\\S*", "agent-ID");
    return e.getClass().getSimpleName() + ": " + (m.length() > 120 ? m.substring(0, 120) : m);
  }

  /** The real agent reports on every (re)connect; the first connect has nothing to report. */
  private void reportOnConnect() {
    connectStatusPacketId = -1;
    connectStatusAckedAtNanos = 0;
    if (generation < 0) {
      return;
    }
    publish(Topics.STATUS, Topics.status(deviceId), SimulatedFleet.report(deviceId, generation, tasks),
        MqttQoS.AT_LEAST_ONCE, false).onSuccess(id -> connectStatusPacketId = id);
  }

  private Capabilities capabilities() {
    return new Capabilities(deviceId, "x86_64", "linux", 8, 16384, 0,
        Map.of("ecs.cpu-architecture", "x86_64", "ecs.os-type", "linux", "bench.simulated", "true"),
        "bench-simulated");
  }

  private void cancelTimers() {
    fleet.vertx.cancelTimer(heartbeatTimer);
    fleet.vertx.cancelTimer(statusTimer);
    fleet.vertx.cancelTimer(pingTimer);
  }

  /** Runs on the client's event loop, so timers share its context. */
  private void startTimers() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    lastInbound = lastOutbound = System.nanoTime();
    long keepAliveNanos = TimeUnit.SECONDS.toNanos(fleet.keepAliveS);
    pingTimer = fleet.vertx.setTimer(fleet.keepAliveS * 1000L, x -> keepAlive(keepAliveNanos));
    // Jittered first tick: real agents do not all start in the same millisecond.
    heartbeatTimer = fleet.vertx.setTimer(1 + r.nextLong(fleet.heartbeatMs), t -> {
      if (!lost) {
        heartbeat();
        heartbeatTimer = fleet.vertx.setPeriodic(fleet.heartbeatMs, x -> heartbeat());
      }
    });
    // The first repeat at a random point of one period, so an idle window of any length sees
    // the fleet's steady rate (1 per period per agent) from the start.
    statusTimer = fleet.vertx.setTimer(1 + r.nextLong(fleet.statusMs), t -> {
      if (!lost) {
        publishStatus();
        statusTimer = fleet.vertx.setPeriodic(fleet.statusMs, x -> publishStatus());
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
      fleet.pingsSent.incrementAndGet();
      nextNanos = keepAliveNanos;
    } else {
      nextNanos = Math.max(1_000_000, keepAliveNanos - (now - lastOutbound));
    }
    pingTimer = fleet.vertx.setTimer(TimeUnit.NANOSECONDS.toMillis(nextNanos),
        x -> keepAlive(keepAliveNanos));
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
    Decoded<Assignment> d = fleet.codec.decode(m.payload().getBytes(), Topics.ASSIGNMENT, deviceId,
        Assignment.class);
    if (!(d instanceof Decoded.Ok<Assignment> ok)) {
      fleet.rejected.incrementAndGet();
      return;
    }
    fleet.assignmentsReceived.incrementAndGet();
    Assignment a = ok.body();
    if (a.generation() < generation) {
      return; // stale: nothing new, like the real agent
    }
    if (a.generation() == generation) {
      // The same assignment again (the retained copy after a reconnect, or the hub republishing
      // after its own): the real agent reports its status again, since a report sent while the
      // hub was not yet subscribed reached no one (AgentLoop).
      publishStatus();
      return;
    }
    // The simulated runtime: every task starts at once, nothing can fail.
    generation = a.generation();
    tasks = List.copyOf(a.tasks());
    publishStatus();
    appliedAtNanos = System.nanoTime();
  }

  private void publishStatus() {
    if (generation >= 0 && !lost) {
      publish(Topics.STATUS, Topics.status(deviceId), SimulatedFleet.report(deviceId, generation, tasks),
          MqttQoS.AT_LEAST_ONCE, false);
    }
  }

  /** Completes with the packet id (-1 when not connected). */
  private Future<Integer> publish(String type, String topic, Object body, MqttQoS qos, boolean retain) {
    MqttClient c = client;
    if (!c.isConnected()) {
      return Future.succeededFuture(-1); // lost or shutting down: a real agent's publish returns false
    }
    byte[] bytes = fleet.codec.encode(type, deviceId, System.currentTimeMillis(), body);
    if (Topics.STATUS.equals(type)) {
      fleet.statusSent.incrementAndGet();
    } else if (Topics.HEARTBEAT.equals(type)) {
      fleet.heartbeatsSent.incrementAndGet();
    }
    lastOutbound = System.nanoTime();
    return c.publish(topic, Buffer.buffer(bytes), qos, false, retain)
        .onFailure(e -> fleet.publishFailures.incrementAndGet());
  }

  /** Stops for good; returns the DISCONNECT's future when connected, else null. */
  Future<Void> shutDown() {
    closing = true;
    cancelTimers();
    return client != null && client.isConnected() ? client.disconnect() : null;
  }

  /**
   * The device vanishes like a kill -9 or a pulled cable: the TCP connection closes without an
   * MQTT DISCONNECT, so the broker fires the last will. Vert.x MQTT only offers a clean
   * disconnect, hence the reflective reach for its socket.
   */
  void loseAbruptly() {
    lost = true;
    cancelTimers();
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
