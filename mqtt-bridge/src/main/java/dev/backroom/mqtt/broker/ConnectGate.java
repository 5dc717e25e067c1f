package dev.backroom.mqtt.broker;

import io.moquette.broker.Server;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import java.lang.reflect.Field;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Holds the packets a client sends after its CONNECT until Moquette has finished that connect,
 * then hands them on in order. MQTT lets a client send packets right after CONNECT without
 * waiting for the CONNACK (MQTT 3.1.1, 3.1.4), and a fast client's SUBSCRIBE can beat the broker
 * anyway: Moquette 0.17 marks a connection usable only in a listener its session loop thread adds
 * to the CONNACK write after the write was issued, so the CONNACK may reach the client, and the
 * client's next packet reach the broker, before the mark. Until then Moquette drops the
 * connection on any SUBSCRIBE or PUBLISH ("received on already closed connection"). On a loaded
 * hub that cut off agents right after a successful connect, and raw clients in the tests.
 *
 * <p>Once a connection is open the gate also takes out the resend timer Moquette puts on every
 * connection ({@code inflightResender}): it fires after 5 s without a write and asks the
 * client's session loop to resend unacknowledged messages, so an idle 1,000-device hub ran 200
 * timers and 200 cross-thread commands a second for nothing. MQTT 3.1.1 requires redelivery only
 * on reconnect (4.4), which Moquette still does, and TCP already delivers within a connection;
 * Mosquitto, the other broker the hub runs with, has not resent within a connection since 1.5.
 *
 * <p>Unless Moquette's message logger logs at INFO, the gate also takes that logger off each new
 * channel: it puts two MDC entries and clears them for every packet read, logged or not.
 *
 * <p>Moquette has no pipeline hook; its acceptor adds the handler held in its private
 * {@code metrics} field (empty here) to every new channel, just before its MQTT handler, so the
 * gate sits there. The mark is read from the connection's private {@code connected} field. A
 * Moquette whose layout differs fails the broker's start rather than running ungated.
 */
@ChannelHandler.Sharable
final class ConnectGate extends ChannelInboundHandlerAdapter {
  private static final AttributeKey<Held> HELD = AttributeKey.valueOf("backroom.connectGate");
  /** Past this many packets or this wait, the gate lets Moquette decide (it drops the client). */
  private static final int MAX_HELD = 256;
  private static final long MAX_WAIT_NANOS = TimeUnit.SECONDS.toNanos(10);
  private static final Held OPEN = new Held(0);
  private static final String RESENDER = "inflightResender";
  private static final String MESSAGE_LOGGER = "messageLogger";

  private final AttributeKey<Object> connectionKey;
  private final Field connected;
  private final AtomicLong heldPackets = new AtomicLong();
  private final AtomicLong resendersRemoved = new AtomicLong();

  private final boolean keepMessageLogger;

  private ConnectGate(AttributeKey<Object> connectionKey, Field connected,
      boolean keepMessageLogger) {
    this.connectionKey = connectionKey;
    this.connected = connected;
    this.keepMessageLogger = keepMessageLogger;
  }

  /** Puts the gate on every channel the started server accepts from now on. */
  @SuppressWarnings("unchecked")
  static ConnectGate install(Server server) {
    try {
      Object acceptor = MoquetteInternals.read(server, "acceptor");
      Field metrics = MoquetteInternals.field(acceptor.getClass(), "metrics");
      if (((Optional<?>) metrics.get(acceptor)).isPresent()) {
        throw new IllegalStateException("Moquette's metrics handler slot is taken");
      }
      Class<?> handler = Class.forName("io.moquette.broker.NewNettyMQTTHandler");
      AttributeKey<Object> key = (AttributeKey<Object>) MoquetteInternals.field(handler,
          "ATTR_KEY_CONNECTION").get(null);
      Field connected = MoquetteInternals.field(
          Class.forName("io.moquette.broker.MQTTConnection"), "connected");
      boolean logs = org.slf4j.LoggerFactory.getLogger(
          io.moquette.broker.metrics.MQTTMessageLogger.class).isInfoEnabled();
      ConnectGate gate = new ConnectGate(key, connected, logs);
      metrics.set(acceptor, Optional.of(gate));
      return gate;
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalStateException("cannot gate Moquette's connections: this Moquette"
          + " version's internals differ from 0.17's", e);
    }
  }

  /** How many packets had to wait for their connection's connect, since start. */
  long heldPackets() {
    return heldPackets.get();
  }

  /** How many connections had Moquette's in-session resend timer taken out, since start. */
  long resendersRemoved() {
    return resendersRemoved.get();
  }

  /** Moquette's acceptor adds the gate after its message logger, so the logger is there now. */
  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    if (!keepMessageLogger && ctx.pipeline().get(MESSAGE_LOGGER) != null) {
      ctx.pipeline().remove(MESSAGE_LOGGER);
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    Held held = ctx.channel().attr(HELD).get();
    if (held == OPEN) {
      ctx.fireChannelRead(msg);
    } else if (held == null) {
      if (isConnect(msg)) {
        ctx.channel().attr(HELD).set(new Held(System.nanoTime() + MAX_WAIT_NANOS));
      }
      ctx.fireChannelRead(msg);
    } else if (held.packets.isEmpty() && isConnected(ctx)) {
      open(ctx);
      ctx.fireChannelRead(msg);
    } else {
      boolean first = held.packets.isEmpty();
      held.packets.add(msg);
      heldPackets.incrementAndGet();
      if (held.packets.size() > MAX_HELD) {
        release(ctx, held);
      } else if (first) {
        ctx.executor().schedule(() -> poll(ctx), 1, TimeUnit.MILLISECONDS);
      }
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    Held held = ctx.channel().attr(HELD).getAndSet(OPEN);
    if (held != null && held != OPEN) {
      for (Object m; (m = held.packets.poll()) != null; ) {
        ReferenceCountUtil.release(m);
      }
    }
    ctx.fireChannelInactive();
  }

  /** Runs on the channel's event loop, as channelRead does, so the held queue needs no lock. */
  private void poll(ChannelHandlerContext ctx) {
    Held held = ctx.channel().attr(HELD).get();
    if (held == null || held == OPEN || held.packets.isEmpty()) {
      return;
    }
    if (isConnected(ctx) || System.nanoTime() - held.deadline > 0) {
      release(ctx, held);
    } else {
      ctx.executor().schedule(() -> poll(ctx), 1, TimeUnit.MILLISECONDS);
    }
  }

  /**
   * Moquette adds its resender in the same event loop task that marks the connection connected,
   * so a connection seen connected here already has it.
   */
  private void open(ChannelHandlerContext ctx) {
    ctx.channel().attr(HELD).set(OPEN);
    if (isConnected(ctx) && ctx.pipeline().get(RESENDER) != null) {
      ctx.pipeline().remove(RESENDER);
      resendersRemoved.incrementAndGet();
    }
  }

  private void release(ChannelHandlerContext ctx, Held held) {
    open(ctx);
    for (Object m; (m = held.packets.poll()) != null; ) {
      ctx.fireChannelRead(m);
    }
    ctx.fireChannelReadComplete();
  }

  private boolean isConnected(ChannelHandlerContext ctx) {
    Object connection = ctx.channel().attr(connectionKey).get();
    try {
      return connection != null && connected.getBoolean(connection);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }

  private static boolean isConnect(Object msg) {
    return msg instanceof MqttMessage m && m.fixedHeader() != null
        && m.fixedHeader().messageType() == MqttMessageType.CONNECT;
  }

  /** One channel's packets waiting for its connect, and when the gate stops waiting. */
  private static final class Held {
    final ArrayDeque<Object> packets = new ArrayDeque<>();
    final long deadline;

    Held(long deadline) {
      this.deadline = deadline;
    }
  }
}
