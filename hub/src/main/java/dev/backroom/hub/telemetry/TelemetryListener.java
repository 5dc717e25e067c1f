package dev.backroom.hub.telemetry;

import dev.backroom.hub.tls.SuiteOrderSslEngine;
import dev.backroom.hub.tls.TlsSuites;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.mqtt.MqttEndpoint;
import io.vertx.mqtt.MqttServer;
import io.vertx.mqtt.MqttServerOptions;
import io.vertx.mqtt.messages.MqttPublishMessage;
import java.util.Collections;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The hub's MQTT endpoint for workload telemetry (MQTT 3.1.1). It exists because an embedded
 * broker acknowledges a publisher before any hook of ours runs; here the PUBACK of a QoS 1
 * message is sent only by {@link OutboxWriter} once the message is durable in H2.
 *
 * <p>Accepted: PUBLISH at QoS 0 or 1 on {@code backroom/v1/telemetry/{stream}}. Everything else
 * (another topic, a payload over max-message-bytes, QoS 2, a subscription) is refused, counted in
 * {@code backroom_telemetry_rejected_total{reason}}, and the connection carries on. Handlers run
 * on the connection's event loop and queue in arrival order, so one connection's messages are
 * stored, sequenced and acknowledged in the order they came.
 */
final class TelemetryListener {
  private static final Logger LOG = Logger.getLogger(TelemetryListener.class);
  static final int MAX_CLIENT_ID_LENGTH = 256;

  private final Vertx vertx;
  private final String host;
  private final int port;
  private final int maxMessageBytes;
  private final TelemetryAuth auth;
  private final OutboxWriter writer;
  private final TelemetryMetrics metrics;
  private MqttServer server;
  private String certChainPath;
  private String keyPath;

  /** Serves MQTT over TLS with these PEM files (the store CA's server certificate); before start. */
  TelemetryListener withTls(String certChainPath, String keyPath) {
    this.certChainPath = certChainPath;
    this.keyPath = keyPath;
    return this;
  }

  TelemetryListener(Vertx vertx, String host, int port, int maxMessageBytes, TelemetryAuth auth,
      OutboxWriter writer, TelemetryMetrics metrics) {
    this.vertx = vertx;
    this.host = host;
    this.port = port;
    this.maxMessageBytes = maxMessageBytes;
    this.auth = auth;
    this.writer = writer;
    this.metrics = metrics;
  }

  /** Binds and returns the port actually listened on. */
  int start() throws Exception {
    // The decoder's own limit sits well above max-message-bytes, so a moderately oversized
    // message is dropped and counted with the connection kept; only a grossly oversized one
    // makes the decoder give up on the connection, which bounds the memory one client can hold.
    MqttServerOptions options = new MqttServerOptions().setHost(host).setPort(port)
        .setMaxMessageSize(Math.max(2 * maxMessageBytes, maxMessageBytes + 65_536))
        // MQTT 3.1.1 lets a server accept client ids longer than 23 bytes, Vert.x's default
        // limit; Mosquitto does, so a workload's id that works there works here too.
        .setMaxClientIdLength(MAX_CLIENT_ID_LENGTH);
    if (certChainPath != null) {
      options.setSsl(true).setKeyCertOptions(new io.vertx.core.net.PemKeyCertOptions()
          .setCertPath(certChainPath).setKeyPath(keyPath))
          .setEnabledSecureTransportProtocols(new java.util.LinkedHashSet<>(TlsSuites.PROTOCOLS));
      // AEAD suites only, as on the API (TlsSuites says why), ChaCha20-Poly1305 preferred: every
      // message is decrypted here, and that is cheapest under C1.
      TlsSuites.CHACHA_FIRST.forEach(options::addEnabledCipherSuite);
      options.setSslEngineOptions(new SuiteOrderSslEngine(TlsSuites.CHACHA_FIRST));
    }
    server = MqttServer.create(vertx, options).endpointHandler(this::onConnect)
        .exceptionHandler(t -> LOG.debugf("telemetry listener: %s", t.toString()));
    return server.listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS)
        .actualPort();
  }

  void stop() {
    if (server != null) {
      try {
        server.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
      } catch (Exception e) {
        LOG.debugf("telemetry listener close: %s", e.toString());
      }
    }
  }

  /**
   * The credential check reads H2 and may run bcrypt, so it runs on a worker, never on the event
   * loop; the CONNACK is sent back on the connection's own context. A check that fails (the
   * database unavailable) is answered "server unavailable", so the client retries later instead
   * of waiting for a CONNACK that never comes; so is a connect while the outbox cannot store
   * or the disk is low.
   */
  private void onConnect(MqttEndpoint endpoint) {
    String refusal = writer.refusal();
    if (refusal != null) {
      metrics.rejected(refusal);
      endpoint.reject(MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE);
      return;
    }
    String clientId = endpoint.clientIdentifier();
    vertx.executeBlocking(() -> auth.accept(clientId, endpoint.auth()), false)
        .onComplete(checked -> {
          if (checked.failed()) {
            LOG.warnf("telemetry client %s refused as server unavailable: its credentials could"
                + " not be checked: %s", clientId, String.valueOf(checked.cause()));
            metrics.rejected("auth_unavailable");
            endpoint.reject(MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE);
          } else if (!checked.result()) {
            metrics.rejected("not_authorized");
            endpoint.reject(MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED);
          } else {
            accept(endpoint);
          }
        });
  }

  private void accept(MqttEndpoint endpoint) {
    Connection conn = new Connection(endpoint, vertx.getOrCreateContext());
    endpoint.publishAutoAck(false);
    endpoint.publishHandler(m -> onPublish(conn, m));
    endpoint.publishReleaseHandler(endpoint::publishComplete);
    endpoint.subscribeHandler(s -> {
      metrics.rejected("subscribe");
      endpoint.subscribeAcknowledge(s.messageId(),
          Collections.nCopies(s.topicSubscriptions().size(), MqttQoS.FAILURE));
    });
    endpoint.unsubscribeHandler(u -> endpoint.unsubscribeAcknowledge(u.messageId()));
    endpoint.exceptionHandler(t -> LOG.debugf("telemetry client %s: %s",
        endpoint.clientIdentifier(), t.toString()));
    endpoint.accept(false);
  }

  private void onPublish(Connection conn, MqttPublishMessage m) {
    MqttQoS qos = m.qosLevel();
    if (qos == MqttQoS.EXACTLY_ONCE) {
      // Completing the QoS 2 handshake keeps the client's flow going; the message is dropped.
      metrics.rejected("qos2");
      conn.endpoint.publishReceived(m.messageId());
      return;
    }
    OutboxWriter.Acks acks = qos == MqttQoS.AT_LEAST_ONCE ? conn : null;
    String stream = TelemetryTopic.streamOf(m.topicName());
    String refused = stream == null ? "bad_topic"
        : m.payload().length() > maxMessageBytes ? "oversize" : null;
    if (refused != null) {
      metrics.rejected(refused);
      // Refused QoS 1 messages still get their PUBACK, behind the ones queued before them,
      // since MQTT 3.1.1 acknowledges in arrival order and has no negative acknowledgement.
      if (acks != null && !writer.offer(new OutboxWriter.Inbound(null, null, acks, m.messageId()))) {
        conn.endpoint.publishAcknowledge(m.messageId());
      }
      return;
    }
    byte[] payload = m.payload().getBytes();
    if (!writer.offer(new OutboxWriter.Inbound(stream, payload, acks, m.messageId()))) {
      metrics.rejected("overloaded");
      if (acks != null) {
        // Unacknowledged, the client keeps the message; closing makes it resend on reconnect
        // instead of holding the slot in its in-flight window for ever.
        conn.endpoint.close();
      }
    }
  }

  /** One client connection: where the writer sends its PUBACKs. */
  private static final class Connection implements OutboxWriter.Acks {
    final MqttEndpoint endpoint;
    final Context context;
    /** Where PUBACKs are written unflushed, or null: then one publishAcknowledge each. */
    final ChannelHandlerContext channel;

    Connection(MqttEndpoint endpoint, Context context) {
      this.endpoint = endpoint;
      this.context = context;
      this.channel = PubAcks.channel(endpoint);
    }

    @Override
    public void acknowledge(int[] messageIds, int n) {
      context.runOnContext(v -> {
        if (!endpoint.isConnected()) {
          return; // the client resends after reconnecting; the copy it has stored is a duplicate
        }
        if (channel == null) {
          for (int i = 0; i < n; i++) {
            endpoint.publishAcknowledge(messageIds[i]);
          }
          return;
        }
        PubAcks.write(channel, messageIds, n);
      });
    }

    @Override
    public void fail() {
      context.runOnContext(v -> {
        if (endpoint.isConnected()) {
          endpoint.close();
        }
      });
    }
  }
}
