package dev.backroom.hub.mqtt;

import dev.backroom.mqtt.Topics;
import dev.backroom.mqtt.codec.Decoded;
import dev.backroom.mqtt.codec.MessageCodec;
import dev.backroom.mqtt.message.Capabilities;
import dev.backroom.mqtt.message.Heartbeat;
import dev.backroom.mqtt.message.Lifecycle;
import dev.backroom.mqtt.message.LogFrame;
import dev.backroom.mqtt.message.StatusReport;
import dev.backroom.mqtt.transport.MqttTransport;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Decodes device-to-hub messages on the transport thread and hands valid ones to the core
 * thread. Anything malformed is dropped and counted in {@code backroom_mqtt_dropped_total},
 * tagged with the topic kind and the codec's reason; it never reaches the core.
 */
public final class DeviceMessageIngest {
  private static final Logger LOG = Logger.getLogger(DeviceMessageIngest.class);
  static final List<String> KINDS =
      List.of(Topics.CAPABILITIES, Topics.HEARTBEAT, Topics.LIFECYCLE, Topics.STATUS, Topics.LOGS);

  /**
   * What the hub does with each valid message: capabilities and status on the core thread,
   * heartbeat and lifecycle on the transport thread (they must be thread-safe and quick).
   */
  public interface Handler {
    void capabilities(Capabilities c);

    void heartbeat(Heartbeat h);

    void lifecycle(Lifecycle l);

    void status(StatusReport r);

    /** Log-tail and exec output, on the transport thread: it goes to browsers, not to H2. */
    void logs(LogFrame f);
  }

  private final Supplier<MessageCodec> codec;
  private final Consumer<Runnable> core;
  private final Handler handler;
  private final MeterRegistry meters;
  private final Offences offences;

  /** Told of every malformed message on a device's own topic (the sender, when secured). */
  @FunctionalInterface
  public interface Offences {
    void offence(String deviceId, String kind, String reason);
  }

  public DeviceMessageIngest(Supplier<MessageCodec> codec,
      Consumer<Runnable> core, Handler handler, MeterRegistry meters) {
    this(codec, core, handler, meters, (d, k, r) -> { });
  }

  public DeviceMessageIngest(Supplier<MessageCodec> codec,
      Consumer<Runnable> core, Handler handler, MeterRegistry meters, Offences offences) {
    this.codec = codec;
    this.core = core;
    this.handler = handler;
    this.meters = meters;
    this.offences = offences;
  }

  public void accept(MqttTransport.Message m) {
    Optional<Topics.DeviceTopic> topic = Topics.parseDevice(m.topic());
    if (topic.isEmpty()) {
      drop("unknown", "bad_topic", m.topic());
      return;
    }
    String kind = topic.get().kind();
    String device = topic.get().deviceId();
    switch (kind) {
      case Topics.CAPABILITIES -> decode(m, kind, device, Capabilities.class, handler::capabilities);
      // Liveness touches only the in-memory registry, so it is handled right here instead of
      // queueing behind status reports: a lost device is noticed at once even under load.
      case Topics.HEARTBEAT -> decode(m, kind, device, Heartbeat.class, handler::heartbeat, false);
      case Topics.LIFECYCLE -> decode(m, kind, device, Lifecycle.class, handler::lifecycle, false);
      case Topics.STATUS -> decode(m, kind, device, StatusReport.class, handler::status);
      case Topics.LOGS -> decode(m, kind, device, LogFrame.class, handler::logs, false);
      default -> {
        drop(kind, "bad_topic", m.topic());
        offences.offence(device, kind, "bad_topic");
      }
    }
  }

  private <T> void decode(MqttTransport.Message m, String kind, String device, Class<T> type,
      Consumer<T> sink) {
    decode(m, kind, device, type, sink, true);
  }

  private <T> void decode(MqttTransport.Message m, String kind, String device, Class<T> type,
      Consumer<T> sink, boolean onCore) {
    Decoded<T> d = codec.get().decode(m.payload(), kind, device, type);
    if (d instanceof Decoded.Ok<T> ok) {
      meters.counter("backroom.mqtt.received", "kind", kind).increment();
      if (onCore) {
        core.accept(() -> sink.accept(ok.body()));
      } else {
        sink.accept(ok.body());
      }
    } else if (d instanceof Decoded.Rejected<T> r) {
      drop(kind, r.reason(), device + ": " + r.detail());
      offences.offence(device, kind, r.reason());
    }
  }

  private void drop(String kind, String reason, String detail) {
    meters.counter("backroom.mqtt.dropped", "kind", kind, "reason", reason).increment();
    LOG.debugf("dropped %s message (%s): %s", kind, reason, detail);
  }
}
