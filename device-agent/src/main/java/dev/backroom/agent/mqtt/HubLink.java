package dev.backroom.agent.mqtt;

import dev.backroom.agent.loop.StatusSink;
import dev.backroom.mqtt.Topics;
import dev.backroom.mqtt.codec.Decoded;
import dev.backroom.mqtt.codec.MessageCodec;
import dev.backroom.mqtt.message.Assignment;
import dev.backroom.mqtt.message.Capabilities;
import dev.backroom.mqtt.message.DeviceCommand;
import dev.backroom.mqtt.message.Heartbeat;
import dev.backroom.mqtt.message.Lifecycle;
import dev.backroom.mqtt.message.LogFrame;
import dev.backroom.mqtt.message.StatusReport;
import dev.backroom.mqtt.transport.MqttOptions;
import dev.backroom.mqtt.transport.MqttTransport;
import java.time.Clock;
import java.time.Duration;
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
 * Downstream: the retained assignment, decoded here and handed on; malformed ones are dropped and
 * counted, never thrown. Works while disconnected: publishes then return false and the
 * transport keeps reconnecting.
 */
public final class HubLink implements StatusSink, AutoCloseable {
  private static final Logger LOG = Logger.getLogger(HubLink.class.getName());
  private static final int QOS_1 = 1;
  private static final int QOS_0 = 0;

  private final String deviceId;
  private final MqttTransport transport;
  private final MessageCodec codec;
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
  private volatile boolean subscribed;

  /**
   * @param onAssignment receives every well-formed assignment for this device, on the
   *     transport's thread; it must return quickly
   * @param onConnect runs after each (re)connect, once lifecycle and capabilities are sent
   */
  public HubLink(String deviceId, MqttTransport transport, MessageCodec codec,
      Capabilities capabilities, Consumer<Assignment> onAssignment, Runnable onConnect,
      Clock clock) {
    this.deviceId = deviceId;
    this.transport = transport;
    this.codec = codec;
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
    Decoded<Assignment> d = codec.decode(m.payload(), Topics.ASSIGNMENT, deviceId,
        Assignment.class);
    if (d instanceof Decoded.Ok<Assignment> ok) {
      received.incrementAndGet();
      onAssignment.accept(ok.body());
    } else if (d instanceof Decoded.Rejected<Assignment> r) {
      long n = rejected.incrementAndGet();
      LOG.log(Level.WARNING, "dropped malformed assignment ({0}: {1}); {2} dropped so far",
          new Object[] {r.reason(), r.detail(), n});
    }
  }

  /** Where well-formed commands go (on the transport's thread); set before {@link #start}. */
  public void onCommand(Consumer<DeviceCommand> handler) {
    this.onCommand = handler;
  }

  private void commandArrived(MqttTransport.Message m) {
    Decoded<DeviceCommand> d = codec.decode(m.payload(), Topics.COMMANDS, deviceId,
        DeviceCommand.class);
    if (d instanceof Decoded.Ok<DeviceCommand> ok) {
      onCommand.accept(ok.body());
    } else if (d instanceof Decoded.Rejected<DeviceCommand> r) {
      long n = rejectedCommands.incrementAndGet();
      LOG.log(Level.WARNING, "dropped malformed command ({0}: {1}); {2} dropped so far",
          new Object[] {r.reason(), r.detail(), n});
    }
  }

  /** Malformed commands dropped since start. */
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

  /** Well-formed assignments handed on since start, stale and repeated ones included. */
  public long receivedAssignments() {
    return received.get();
  }

  /** Malformed assignments dropped since start. */
  public long rejectedAssignments() {
    return rejected.get();
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
