package dev.backroom.agent.mqtt;

import dev.backroom.agent.loop.StatusSink;
import dev.backroom.mqtt.Topics;
import dev.backroom.mqtt.codec.MessageCodec;
import dev.backroom.mqtt.message.Assignment;
import dev.backroom.mqtt.message.Capabilities;
import dev.backroom.mqtt.message.DeviceCommand;
import dev.backroom.mqtt.message.Heartbeat;
import dev.backroom.mqtt.message.Lifecycle;
import dev.backroom.mqtt.message.LogFrame;
import dev.backroom.mqtt.message.StatusReport;
import dev.backroom.mqtt.signing.EnvelopeVerifier;
import dev.backroom.mqtt.signing.Verification;
import dev.backroom.mqtt.transport.MqttOptions;
import dev.backroom.mqtt.transport.MqttTransport;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Upstream: lifecycle and capabilities (retained, on every connect), heartbeats and status.
 * Downstream: the retained assignment and commands, verified against the hub's pinned signing
 * key ({@link EnvelopeVerifier}) and only then handed on. Whatever does not verify (unsigned,
 * signed by another key, tampered, for another device or topic kind, malformed) and commands
 * that are not fresh ({@link CommandFreshness}) are dropped, counted by reason and logged,
 * never thrown: the broker's word that a message came from the hub is not enough. Works while
 * disconnected: publishes then return false and the transport keeps reconnecting.
 */
public final class HubLink implements StatusSink, AutoCloseable {
  private static final Logger LOG = Logger.getLogger(HubLink.class.getName());
  private static final int QOS_1 = 1;
  private static final int QOS_0 = 0;

  private final String deviceId;
  private final MqttTransport transport;
  private final MessageCodec codec;
  private final EnvelopeVerifier verifier;
  private final CommandFreshness freshness = new CommandFreshness();
  private final Map<String, AtomicLong> refusals = new ConcurrentHashMap<>();
  private final Capabilities capabilities;
  private final Consumer<Assignment> onAssignment;
  private final Runnable onReconnect;
  private final Clock clock;
  private final AtomicLong rejected = new AtomicLong();
  private final AtomicLong received = new AtomicLong();
  private final AtomicLong heartbeatSeq = new AtomicLong();
  private final ScheduledExecutorService heartbeats;
  private final AtomicLong rejectedCommands = new AtomicLong();
  private volatile Consumer<DeviceCommand> onCommand = c -> {};
  private volatile Runnable onArriving = () -> {};
  private volatile boolean subscribed;

  /**
   * @param verifier checks assignments and commands against the hub's pinned key
   * @param onAssignment receives every verified assignment for this device, with the signed
   *     hub epoch set, on the transport's thread; it must return quickly
   * @param onConnect runs after each (re)connect, once lifecycle and capabilities are sent
   */
  public HubLink(String deviceId, MqttTransport transport, MessageCodec codec,
      EnvelopeVerifier verifier, Capabilities capabilities, Consumer<Assignment> onAssignment,
      Runnable onConnect, Clock clock) {
    this.deviceId = deviceId;
    this.transport = transport;
    this.codec = codec;
    this.verifier = verifier;
    this.capabilities = capabilities;
    this.onAssignment = onAssignment;
    this.onReconnect = onConnect;
    this.clock = clock;
    this.heartbeats = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "agent-heartbeat-" + deviceId);
      t.setDaemon(true);
      return t;
    });
  }

  /** The connection options an agent uses: client id and last will (offline, retained). */
  public static MqttOptions options(String brokerUri, String deviceId, MessageCodec codec,
      long nowMs) {
    byte[] will = codec.encode(Topics.LIFECYCLE, deviceId, nowMs,
        new Lifecycle(deviceId, Lifecycle.OFFLINE, "connection lost"));
    return MqttOptions.of(brokerUri, "agent-" + deviceId)
        .withWill(Topics.lifecycle(deviceId), will);
  }

  /** Starts connecting in the background and heartbeating; returns at once. */
  public void start(Duration heartbeatInterval, LongSupplier generation, IntSupplier running) {
    transport.onConnected(this::connected);
    transport.start();
    long ms = heartbeatInterval.toMillis();
    heartbeats.scheduleAtFixedRate(() -> heartbeat(generation, running), ms, ms,
        TimeUnit.MILLISECONDS);
  }

  private void connected(boolean reconnect) {
    publish(Topics.LIFECYCLE, Topics.lifecycle(deviceId),
        new Lifecycle(deviceId, Lifecycle.ONLINE, reconnect ? "reconnected" : "started"),
        QOS_1, true);
    publish(Topics.CAPABILITIES, Topics.capabilities(deviceId), capabilities, QOS_1, true);
    if (!subscribed) {
      // Subscribed after announcing ourselves; the transport restores it on later reconnects.
      subscribed = true;
      transport.subscribe(Topics.assignment(deviceId), QOS_1, this::assignmentArrived);
      transport.subscribe(Topics.commands(deviceId), QOS_1, this::commandArrived);
    }
    onReconnect.run();
  }

  private void assignmentArrived(MqttTransport.Message m) {
    onArriving.run();
    Verification<Assignment> v = verifier.verify(m.payload(), Topics.ASSIGNMENT, deviceId,
        Assignment.class);
    if (v instanceof Verification.Verified<Assignment> ok) {
      Assignment a = ok.body();
      if (a.epoch() != null && a.epoch() != ok.epoch()) {
        refuse("assignment", rejected, MessageCodec.BAD_BODY, "body epoch " + a.epoch()
            + " is not the signed epoch " + ok.epoch());
        return;
      }
      received.incrementAndGet();
      synchronized (freshness) { // commands from before this hub epoch are replays now
        freshness.observeEpoch(ok.epoch());
      }
      onAssignment.accept(a.withEpoch(ok.epoch()));
    } else if (v instanceof Verification.Refused<Assignment> r) {
      refuse("assignment", rejected, r.reason(), r.detail());
    }
  }

  private void refuse(String what, AtomicLong counter, String reason, String detail) {
    long n = counter.incrementAndGet();
    refusals.computeIfAbsent(what + ":" + reason, k -> new AtomicLong()).incrementAndGet();
    LOG.log(Level.WARNING, "refused {0} ({1}: {2}); {3} refused so far",
        new Object[] {what, reason, detail, n});
  }

  /**
   * The epoch of the assignment stored on disk, so that after an agent restart commands from
   * older hub epochs are still refused; call before {@link #start}.
   */
  public void storedEpoch(long epoch) {
    synchronized (freshness) {
      freshness.observeEpoch(epoch);
    }
  }

  /**
   * Told of every message on the assignment topic before it is verified, so that work that
   * does not depend on it can start meanwhile; it must return quickly and act on nothing.
   * Set before {@link #start}.
   */
  public void onAssignmentArriving(Runnable hook) {
    this.onArriving = hook;
  }

  /** Where verified, fresh commands go (on the transport's thread); set before {@link #start}. */
  public void onCommand(Consumer<DeviceCommand> handler) {
    this.onCommand = handler;
  }

  private void commandArrived(MqttTransport.Message m) {
    Verification<DeviceCommand> v = verifier.verify(m.payload(), Topics.COMMANDS, deviceId,
        DeviceCommand.class);
    if (v instanceof Verification.Verified<DeviceCommand> ok) {
      String stale;
      // Paho calls back on one thread; the lock keeps that an assumption, not a requirement.
      synchronized (freshness) {
        stale = freshness.check(ok.epoch(), ok.seq(), ok.envelope().ts(), clock.millis());
      }
      if (stale != null) {
        refuse("command", rejectedCommands, stale, ok.body().action() + " of epoch "
            + ok.epoch() + " seq " + ok.seq() + " sent at " + ok.envelope().ts()
            + (stale.equals(CommandFreshness.CLOCK_SKEW) ? ": more than "
                + CommandFreshness.SKEW.toMinutes() + " min from this device's clock "
                + clock.millis() + "; check both clocks" : ""));
        return;
      }
      onCommand.accept(ok.body());
    } else if (v instanceof Verification.Refused<DeviceCommand> r) {
      refuse("command", rejectedCommands, r.reason(), r.detail());
    }
  }

  /** Commands refused since start (not verified, or not fresh). */
  public long rejectedCommands() {
    return rejectedCommands.get();
  }

  /**
   * Log and exec output at QoS 0: a frame lost with the connection shows as a gap in its
   * session's seq, and QoS 1 would stall a busy shell behind PUBACKs.
   */
  public boolean publishLog(LogFrame frame) {
    return publish(Topics.LOGS, Topics.logs(deviceId), frame, QOS_0, false);
  }

  private void heartbeat(LongSupplier generation, IntSupplier running) {
    try {
      publish(Topics.HEARTBEAT, Topics.heartbeat(deviceId), new Heartbeat(deviceId,
          heartbeatSeq.incrementAndGet(), Math.max(0, generation.getAsLong()),
          running.getAsInt()), QOS_0, false);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "heartbeat failed", e);
    }
  }

  @Override
  public boolean publishStatus(StatusReport report) {
    return publish(Topics.STATUS, Topics.status(deviceId), report, QOS_1, false);
  }

  private boolean publish(String type, String topic, Object body, int qos, boolean retained) {
    return transport.publish(topic, codec.encode(type, deviceId, clock.millis(), body), qos,
        retained);
  }

  /** Verified assignments handed on since start, stale and repeated ones included. */
  public long receivedAssignments() {
    return received.get();
  }

  /** Assignments refused since start (not verified: unsigned, wrong key, malformed...). */
  public long rejectedAssignments() {
    return rejected.get();
  }

  /**
   * Refusals since start by {@code assignment:<reason>} or {@code command:<reason>}, reasons as
   * in {@link dev.backroom.mqtt.signing.SignedEnvelope}, {@link MessageCodec} and
   * {@link CommandFreshness}.
   */
  public Map<String, Long> refusals() {
    Map<String, Long> out = new TreeMap<>();
    refusals.forEach((k, n) -> out.put(k, n.get()));
    return out;
  }

  public boolean isConnected() {
    return transport.isConnected();
  }

  /** Says goodbye (offline, retained) when still connected, then disconnects. */
  @Override
  public void close() {
    heartbeats.shutdownNow();
    if (transport.isConnected()) {
      publish(Topics.LIFECYCLE, Topics.lifecycle(deviceId),
          new Lifecycle(deviceId, Lifecycle.OFFLINE, "shutdown"), QOS_1, true);
    }
    transport.close();
  }
}
