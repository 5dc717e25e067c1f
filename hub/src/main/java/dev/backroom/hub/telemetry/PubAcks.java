package dev.backroom.hub.telemetry;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPubReplyMessageVariableHeader;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.net.impl.NetSocketInternal;
import io.vertx.mqtt.MqttEndpoint;
import java.lang.reflect.Field;
import org.jboss.logging.Logger;

/**
 * Writes a group's PUBACKs to a connection with one flush. Vert.x flushes every write made on
 * the event loop outside a read, and the writer's acknowledgements arrive outside reads: through
 * {@code MqttEndpoint.publishAcknowledge} each PUBACK (4 bytes) became its own TLS record and its
 * own socket write, for every message. Here the group's PUBACKs go down the connection's Netty
 * pipeline (Vert.x's MQTT encoder, then TLS) unflushed, and one flush makes them one record and
 * one write. Vert.x keeps the connection's socket private, so it is read by reflection; if that
 * ever fails (another Vert.x), the listener falls back to one publishAcknowledge per message.
 */
final class PubAcks {
  private static final Logger LOG = Logger.getLogger(PubAcks.class);
  /** Immutable: shared by every PUBACK. Same header and reason as Vert.x's publishAcknowledge. */
  private static final MqttFixedHeader HEADER =
      new MqttFixedHeader(MqttMessageType.PUBACK, false, MqttQoS.AT_MOST_ONCE, false, 0);
  private static final Field SOCKET = socketField();

  private PubAcks() {}

  private static Field socketField() {
    try {
      Field f = Class.forName("io.vertx.mqtt.impl.MqttEndpointImpl").getDeclaredField("conn");
      f.setAccessible(true);
      return NetSocketInternal.class.isAssignableFrom(f.getType()) ? f : null;
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.debugf("telemetry PUBACKs are flushed one by one: %s", e.toString());
      return null;
    }
  }

  /** Whether this Vert.x lets PUBACKs be written with one flush (PubAcksTest keeps it so). */
  static boolean available() {
    return SOCKET != null;
  }

  /** The pipeline position Vert.x itself writes MQTT messages at, or null. */
  static ChannelHandlerContext channel(MqttEndpoint endpoint) {
    if (SOCKET == null || !SOCKET.getDeclaringClass().isInstance(endpoint)) {
      return null;
    }
    try {
      return ((NetSocketInternal) SOCKET.get(endpoint)).channelHandlerContext();
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.debugf("telemetry PUBACKs are flushed one by one: %s", e.toString());
      return null;
    }
  }

  /** On the connection's event loop: the first {@code n} PUBACKs in order, then one flush. */
  static void write(ChannelHandlerContext channel, int[] messageIds, int n) {
    for (int i = 0; i < n; i++) {
      channel.write(new MqttMessage(HEADER, new MqttPubReplyMessageVariableHeader(messageIds[i],
          (byte) 0, MqttProperties.NO_PROPERTIES)), channel.voidPromise());
    }
    channel.flush();
  }
}
