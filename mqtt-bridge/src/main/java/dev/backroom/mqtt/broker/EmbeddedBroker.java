package dev.backroom.mqtt.broker;

import dev.backroom.mqtt.security.BrokerAuthenticator;
import dev.backroom.mqtt.security.MqttPrincipal;
import dev.backroom.mqtt.security.TopicPolicy;
import dev.backroom.mqtt.transport.MqttTransport;
import io.moquette.BrokerConstants;
import io.moquette.broker.Server;
import io.moquette.broker.config.IConfig;
import io.moquette.broker.config.MemoryConfig;
import io.moquette.interception.AbstractInterceptHandler;
import io.moquette.interception.messages.InterceptConnectMessage;
import io.moquette.interception.messages.InterceptConnectionLostMessage;
import io.moquette.interception.messages.InterceptDisconnectMessage;
import io.moquette.interception.messages.InterceptPublishMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Moquette in the hub's process. Telemetry is always off (Moquette otherwise calls home) and the
 * default bind address is loopback. In-memory: the hub republishes retained assignments from its
 * own database on start, so the broker keeps nothing the hub cannot rebuild.
 *
 * <p>Secure unless told otherwise: started with a {@link BrokerAuthenticator}, anonymous clients
 * are refused and every publish and subscribe is checked against
 * {@link dev.backroom.mqtt.security.TopicPolicy}. Started without one (the explicit insecure
 * mode), anyone may connect and do anything.
 */
public final class EmbeddedBroker implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(EmbeddedBroker.class.getName());
  private final Server server = new Server();
  private final String host;
  private final int port;
  private volatile boolean running;
  private BrokerGate gate;
  private Tls tls;

  /**
   * The TLS listener: PEM files of the server certificate chain and its PKCS#8 key. With TLS on,
   * the broker's port serves MQTT over TLS, and plain MQTT is served only on {@code plainPort}
   * when one is given (an explicit choice; -1 for none).
   */
  public record Tls(java.nio.file.Path certificateChain, java.nio.file.Path privateKey, int plainPort) {}

  private SessionLoopGuard loopGuard;
  private ConnectGate connectGate;

  public EmbeddedBroker(String host, int port) {
    this.host = host;
    this.port = port;
  }

  /** Serves TLS on the broker's port (see {@link Tls}); call before start. */
  public EmbeddedBroker withTls(Tls tls) {
    this.tls = tls;
    return this;
  }

  /** Starts without authentication or ACLs: the documented insecure mode only. */
  public void start(int maxMessageBytes) {
    start(maxMessageBytes, null);
  }

  /**
   * @param authenticator checks every client's credentials; null allows anonymous clients and
   *     skips every ACL (insecure mode)
   */
  public void start(int maxMessageBytes, BrokerAuthenticator authenticator) {
    Properties p = new Properties();
    p.setProperty(IConfig.HOST_PROPERTY_NAME, host);
    if (tls == null) {
      p.setProperty(IConfig.PORT_PROPERTY_NAME, Integer.toString(port));
    } else {
      p.setProperty(IConfig.SSL_PORT_PROPERTY_NAME, Integer.toString(port));
      p.setProperty(IConfig.PORT_PROPERTY_NAME,
          tls.plainPort() < 0 ? "disabled" : Integer.toString(tls.plainPort()));
    }
    p.setProperty(IConfig.ALLOW_ANONYMOUS_PROPERTY_NAME, Boolean.toString(authenticator == null));
    p.setProperty(IConfig.ENABLE_TELEMETRY_NAME, "false");
    p.setProperty(IConfig.PERSISTENCE_ENABLED_PROPERTY_NAME, "false");
    p.setProperty(IConfig.NETTY_MAX_BYTES_PROPERTY_NAME, Integer.toString(maxMessageBytes + 1024));
    p.setProperty(IConfig.WEB_SOCKET_PORT_PROPERTY_NAME, "disabled");
    // One interceptor thread (Moquette's default, made explicit): onPublish relies on its order.
    p.setProperty(BrokerConstants.BROKER_INTERCEPTOR_THREAD_POOL_SIZE, "1");
    // Native epoll where Netty ships it for this platform: at a thousand devices the NIO
    // selector was a visible share of an idle hub. Elsewhere Moquette stays on NIO.
    p.setProperty("netty.epoll", Boolean.toString(epollAvailable()));
    try {
      io.moquette.broker.ISslContextCreator ssl = tls == null ? null : this::sslContext;
      if (authenticator == null && ssl == null) {
        server.startServer(new MemoryConfig(p));
      } else if (authenticator == null) {
        server.startServer(new MemoryConfig(p), List.of(), ssl, null, null);
      } else {
        gate = new BrokerGate(authenticator);
        server.startServer(new MemoryConfig(p), List.of(), ssl, gate, gate);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start embedded MQTT broker on " + host + ":" + port, e);
    }
    try {
      connectGate = ConnectGate.install(server);
      loopGuard = SessionLoopGuard.install(server);
    } catch (IllegalStateException e) {
      server.stopServer();
      throw e;
    }
    running = true;
  }

  /**
   * Hands every message a client publishes to {@code sink}, in the broker's process, without a
   * subscription: the hub reads device messages this way instead of through its own client, which
   * would cost a loopback TCP delivery per message (at a thousand devices, most of an idle hub's
   * CPU). Asynchronous: Moquette's session threads only queue the message; {@code sink} runs on
   * the interceptor pool, which {@link #start} keeps at one thread so messages arrive in the
   * order the broker handled them. Not called for last wills (see {@link #onConnectionLost}) or
   * {@code internalPublish}. Call after start.
   */
  public void onPublish(Consumer<MqttTransport.Message> sink) {
    server.addInterceptHandler(new AbstractInterceptHandler() {
      @Override
      public String getID() {
        return "backroom-ingest";
      }

      @Override
      public Class<?>[] getInterceptedMessageTypes() {
        return new Class<?>[] {InterceptPublishMessage.class};
      }

      @Override
      public void onPublish(InterceptPublishMessage msg) {
        // Each interceptor gets its own retained duplicate of the payload: copy it, then
        // release it, or the broker's buffers leak.
        ByteBuf payload = msg.getPayload();
        byte[] bytes;
        try {
          bytes = ByteBufUtil.getBytes(payload);
        } finally {
          payload.release();
        }
        try {
          sink.accept(new MqttTransport.Message(msg.getTopicName(), bytes, msg.isRetainFlag()));
        } catch (RuntimeException e) {
          LOG.log(Level.WARNING, "publish handler failed on " + msg.getTopicName(), e);
        }
      }

      @Override
      public void onSessionLoopError(Throwable error) {
        // Moquette logs its own session errors; nothing for the hub to do here.
      }
    });
  }

  /**
   * Tells {@code sink} the device id of every agent connection the broker loses without a
   * DISCONNECT (crash, kill -9, network, keep-alive timeout, revocation): the moment its last will
   * fires, but told by the broker itself. A will's topic and payload are the client's choice, and
   * Moquette 0.17 checks neither against the ACL, so a device could leave a will on another
   * device's lifecycle topic; this names the connection that really ended. Runs on the same
   * interceptor thread as {@link #onPublish}, so it stays in order with the device's publishes.
   * A client id taken over by a new connection is not lost. Call after start.
   */
  public void onConnectionLost(Consumer<String> sink) {
    // Moquette reports a clean DISCONNECT as a lost connection as well, right after telling of
    // the DISCONNECT itself (both on the interceptor thread, in that order): those are left
    // out, as a will would not fire for them either.
    Set<String> leftCleanly = ConcurrentHashMap.newKeySet();
    server.addInterceptHandler(new AbstractInterceptHandler() {
      @Override
      public String getID() {
        return "backroom-connection-lost";
      }

      @Override
      public Class<?>[] getInterceptedMessageTypes() {
        return new Class<?>[] {InterceptConnectMessage.class, InterceptDisconnectMessage.class,
            InterceptConnectionLostMessage.class};
      }

      @Override
      public void onConnect(InterceptConnectMessage msg) {
        leftCleanly.remove(msg.getClientID());
      }

      @Override
      public void onDisconnect(InterceptDisconnectMessage msg) {
        leftCleanly.add(msg.getClientID());
      }

      @Override
      public void onConnectionLost(InterceptConnectionLostMessage msg) {
        if (leftCleanly.remove(msg.getClientID())) {
          return;
        }
        agentDevice(msg.getClientID(), msg.getUsername()).ifPresent(id -> {
          try {
            sink.accept(id);
          } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "connection-lost handler failed for " + id, e);
          }
        });
      }

      @Override
      public void onSessionLoopError(Throwable error) {
        // SessionLoopGuard deals with these.
      }
    });
  }

  /**
   * The device an agent connection belongs to: its principal's, when the client id is that
   * device's agent id (the gate allows no other); without authentication, the agent id alone.
   */
  static Optional<String> agentDevice(String clientId, String username) {
    if (clientId == null) {
      return Optional.empty();
    }
    if (username == null) {
      return clientId.startsWith(TopicPolicy.AGENT_CLIENT_PREFIX)
          ? Optional.of(clientId.substring(TopicPolicy.AGENT_CLIENT_PREFIX.length()))
              .filter(id -> !id.isEmpty())
          : Optional.empty();
    }
    return MqttPrincipal.parse(username)
        .filter(p -> p.kind() == MqttPrincipal.Kind.DEVICE)
        .filter(p -> clientId.equals(TopicPolicy.agentClientId(p.deviceId())))
        .map(MqttPrincipal::deviceId);
  }

  /**
   * Drops every connection of the device and of its workloads at once (a revoked device).
   * Refusing their reconnects is the authenticator's job. Returns how many were dropped.
   */
  public int disconnectDevice(String deviceId) {
    if (gate == null) {
      return server.disconnectClient(
          TopicPolicy.agentClientId(deviceId)) ? 1 : 0;
    }
    int n = 0;
    for (String clientId : gate.clientsOf(deviceId)) {
      if (server.disconnectClient(clientId)) {
        n++;
      }
      gate.forget(clientId);
    }
    return n;
  }

  /**
   * How many of Moquette's session loops died on an exception and were replaced since start (see
   * {@link SessionLoopGuard}); anything above zero is a broker defect worth a look.
   */
  public long sessionLoopRestarts() {
    return loopGuard == null ? 0 : loopGuard.restarts();
  }

  /** For tests that need to break a session loop on purpose. */
  /** Packets that arrived before their connection's connect was done, and were held (see ConnectGate). */
  public long packetsHeldForConnect() {
    return connectGate == null ? 0 : connectGate.heldPackets();
  }

  /** Connections whose in-session resend timer was taken out (see ConnectGate). */
  public long resendTimersRemoved() {
    return connectGate == null ? 0 : connectGate.resendersRemoved();
  }

  SessionLoopGuard loopGuard() {
    return loopGuard;
  }

  public boolean isSecured() {
    return gate != null;
  }

  /** Netty's server context from the PEM files; Moquette calls it once, at start. */
  private io.netty.handler.ssl.SslContext sslContext() {
    try {
      return io.netty.handler.ssl.SslContextBuilder.forServer(tls.certificateChain().toFile(),
          tls.privateKey().toFile()).protocols("TLSv1.3", "TLSv1.2").build();
    } catch (javax.net.ssl.SSLException e) {
      throw new IllegalStateException("cannot load the broker's TLS certificate "
          + tls.certificateChain() + " / key " + tls.privateKey(), e);
    }
  }

  private static boolean epollAvailable() {
    try {
      return io.netty.channel.epoll.Epoll.isAvailable();
    } catch (LinkageError e) {
      return false;
    }
  }

  /** {@code ssl://host:port} with TLS on, else {@code tcp://host:port}. */
  public String uri() {
    return (tls == null ? "tcp://" : "ssl://") + host + ":" + port;
  }

  /** The explicitly configured plain listener next to TLS, if any. */
  public java.util.Optional<String> plainUri() {
    return tls == null || tls.plainPort() < 0 ? java.util.Optional.empty()
        : java.util.Optional.of("tcp://" + host + ":" + tls.plainPort());
  }

  public boolean isRunning() {
    return running;
  }

  @Override
  public void close() {
    if (running) {
      running = false;
      server.stopServer();
    }
  }
}
