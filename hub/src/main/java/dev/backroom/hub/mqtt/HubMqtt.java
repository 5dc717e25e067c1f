package dev.backroom.hub.mqtt;

import dev.backroom.hub.config.HubConfig;
import dev.backroom.hub.enrollment.DeviceEnrolled;
import dev.backroom.hub.enrollment.DeviceRevoked;
import dev.backroom.hub.enrollment.MqttCredentials;
import dev.backroom.hub.signing.HubSigning;
import dev.backroom.mqtt.Topics;
import dev.backroom.mqtt.broker.EmbeddedBroker;
import dev.backroom.mqtt.codec.MessageCodec;
import dev.backroom.mqtt.message.Assignment;
import dev.backroom.mqtt.message.DeviceCommand;
import dev.backroom.mqtt.message.Lifecycle;
import dev.backroom.mqtt.security.BrokerAccounts;
import dev.backroom.mqtt.transport.MqttOptions;
import dev.backroom.mqtt.transport.MqttTransport;
import dev.backroom.mqtt.transport.PahoMqttTransport;
import dev.backroom.mqtt.security.MqttPrincipal;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Owns the broker connection: starts the embedded Moquette unless an external broker is
 * configured, then connects the hub's own client to whichever broker is in use. The client
 * publishes assignments and reads device lifecycle in both setups; with the embedded broker the
 * other device messages are taken from the broker in-process (see {@link #start}), and reach the
 * same {@link DeviceMessageIngest}, so validation and drop counting are the same. An external
 * Mosquitto with {@code backroom.mqtt.dynsec.*} set also gets its roles and accounts from the hub
 * ({@link MosquittoAccounts}).
 */
@ApplicationScoped
public class HubMqtt {
  private static final Logger LOG = Logger.getLogger(HubMqtt.class);

  @Inject HubConfig config;
  @Inject MqttCredentials credentials;
  @Inject dev.backroom.hub.tls.StoreTls tls;
  @Inject MeterRegistry meters;
  @Inject HubSigning signing;
  private final Object commandOrder = new Object();

  private EmbeddedBroker broker;
  private MosquittoAccounts mosquittoAccounts;
  private MqttTransport transport;
  private MessageCodec codec;
  private String brokerUri;

  /** Starts the broker (if embedded) and the client; returns at once, connecting in background. */
  public void start(MqttTransport.ConnectListener onConnect, DeviceMessageIngest ingest) {
    codec = new MessageCodec(config.mqtt().maxPayloadBytes());
    if (config.mqtt().url().isPresent()) {
      brokerUri = config.mqtt().url().get();
      LOG.infof("using external MQTT broker %s", brokerUri);
      if (MosquittoAccounts.configured(config.mqtt())) {
        mosquittoAccounts = new MosquittoAccounts(brokerUri, config.mqtt().dynsec(),
            externalUsername(), externalPassword(),
            brokerUri.startsWith("ssl://") ? tls.clientSockets() : null);
        mosquittoAccounts.start();
      }
    } else {
      int port = config.mqtt().port() == 0 ? freePort(config.mqtt().host()) : config.mqtt().port();
      broker = new EmbeddedBroker(config.mqtt().host(), port);
      tls.ca().ifPresent(ca -> broker.withTls(new EmbeddedBroker.Tls(ca.serverChainFile(),
          ca.serverKeyFile(), config.mqtt().plainPort().orElse(-1))));
      if (config.mqtt().allowAnonymous()) {
        broker.start(config.mqtt().maxPayloadBytes());
        LOG.warnf("embedded MQTT broker on %s accepts ANONYMOUS clients with no ACL"
            + " (backroom.mqtt.allow-anonymous=true): for demos only", broker.uri());
      } else {
        broker.start(config.mqtt().maxPayloadBytes(), credentials);
        LOG.infof("embedded MQTT broker listening on %s (enrolled devices only)", broker.uri());
      }
      brokerUri = broker.uri();
      broker.plainUri().ifPresent(u -> LOG.warnf("embedded MQTT broker also serves PLAIN MQTT on"
          + " %s (backroom.mqtt.plain-port): credentials cross it unencrypted", u));
      // Above zero means Moquette hit one of its own defects and a session loop was replaced.
      Gauge.builder("backroom_mqtt_session_loop_restarts", broker,
          EmbeddedBroker::sessionLoopRestarts).register(meters);
      // Packets a client sent before Moquette had finished its connect, held rather than dropped.
      Gauge.builder("backroom_mqtt_packets_held_for_connect", broker,
          EmbeddedBroker::packetsHeldForConnect).register(meters);
    }
    if (!tls.enabled()) {
      LOG.warnf("TLS is off (backroom.tls.enabled=false): the API and the hub's MQTT listeners"
          + " are plain");
    }
    MqttOptions options = MqttOptions.of(brokerUri, "backroom-hub");
    if (broker != null && broker.isSecured()) {
      // The hub's identity exists only in this process: a fresh secret every start
      options = new MqttOptions(brokerUri, "backroom-hub", MqttPrincipal.HUB_USERNAME,
          credentials.hubPassword(), options.keepAliveSeconds(), null, null);
    } else if (broker == null && (mosquittoAccounts != null || config.mqtt().username().isPresent())) {
      options = new MqttOptions(brokerUri, "backroom-hub", externalUsername(),
          externalPassword(), options.keepAliveSeconds(), null, null);
    }
    if (options.isTls()) {
      // The hub's own client trusts the store CA (embedded) or backroom.mqtt.ca-file only; a
      // wildcard bind address is not a name the certificate can carry, so it dials loopback.
      options = new MqttOptions(options.serverUri().replace("://0.0.0.0:", "://127.0.0.1:"),
          options.clientId(), options.username(), options.password(), options.keepAliveSeconds(),
          null, null, broker != null ? tls.ca().orElseThrow().ca().socketFactory()
              : tls.clientSockets());
    }
    transport = new PahoMqttTransport(options);
    if (broker == null) {
      for (String kind : DeviceMessageIngest.KINDS) {
        transport.subscribe(Topics.allDevices(kind), 1, ingest::accept);
      }
    } else {
      // Embedded: device messages come straight from the broker's publish hook instead of a
      // loopback round trip to our own client (at a thousand devices that round trip was most
      // of an idle hub's CPU), and only real, ACL-checked publishes pass it. A lost connection
      // is told by the broker too, not by the device's last will: Moquette checks no will
      // against the ACL, so a will could speak for another device. Both come on one thread, in
      // the order the broker saw them.
      broker.onPublish(m -> {
        if (isInterceptedDeviceTopic(m.topic())) {
          ingest.accept(m);
        }
      });
      broker.onConnectionLost(id -> ingest.accept(new MqttTransport.Message(Topics.lifecycle(id),
          codec.encode(Topics.LIFECYCLE, id, System.currentTimeMillis(),
              new Lifecycle(id, Lifecycle.OFFLINE, "connection lost")), false)));
    }
    transport.onConnected(onConnect);
    transport.start();
  }

  public MessageCodec codec() {
    return codec;
  }

  public String brokerUri() {
    return brokerUri;
  }

  public boolean isConnected() {
    return transport != null && transport.isConnected();
  }

  /**
   * The broker accounts the hub manages: an external Mosquitto's when
   * {@code backroom.mqtt.dynsec.*} is set. Empty for the embedded broker (its authenticator
   * reads the hub's own device credentials) and for an external broker managed by hand.
   */
  public Optional<BrokerAccounts> accounts() {
    return Optional.ofNullable(mosquittoAccounts);
  }

  /** False only while the hub is still setting up an external Mosquitto's dynamic security. */
  public boolean accountsReady() {
    return mosquittoAccounts == null || mosquittoAccounts.isReady();
  }

  /**
   * Publishes a retained assignment, signed with the hub's key (devices refuse unsigned ones);
   * false when the broker is not reachable right now.
   */
  public boolean publishAssignment(Assignment a, long nowMillis) {
    byte[] payload = signing.signer().assignment(a, nowMillis);
    return transport != null && transport.publish(Topics.assignment(a.deviceId()), payload, 1, true);
  }

  /**
   * Publishes a one-off command (QoS 1, not retained), signed; false when the broker is
   * unreachable. Signed and handed to the client under one lock, so commands reach the wire in
   * the order of their sequence numbers and a device, which refuses a sequence it has already
   * passed as a replay, never refuses a real one.
   */
  public boolean publishCommand(DeviceCommand c, long nowMillis) {
    synchronized (commandOrder) {
      byte[] payload = signing.signer().command(c, nowMillis);
      return transport != null && transport.publish(Topics.commands(c.deviceId()), payload, 1, false);
    }
  }

  /** A revoked device loses its broker sessions, and its workloads theirs, at once. */
  void onRevoked(@Observes DeviceRevoked r) {
    if (broker != null) {
      int n = broker.disconnectDevice(r.deviceId());
      LOG.infof("device %s revoked: %d broker session(s) dropped", r.deviceId(), n);
    }
    if (mosquittoAccounts != null) {
      // Deleting its clients makes Mosquitto drop their sessions; a failure fails the revocation.
      mosquittoAccounts.revokeDevice(r.deviceId());
      LOG.infof("device %s revoked: its Mosquitto accounts are deleted", r.deviceId());
    }
  }

  /**
   * An enrolled device's credentials become Mosquitto accounts (inside the enrolment, so a
   * broker that refuses fails it). The embedded broker needs nothing: it checks the hub's store.
   */
  void onEnrolled(@Observes DeviceEnrolled e) {
    if (mosquittoAccounts != null) {
      mosquittoAccounts.ensureDevice(e.deviceId(), MqttPrincipal.device(e.deviceId()).username(),
          e.deviceSecret().toCharArray());
      mosquittoAccounts.ensureWorkload(e.deviceId(), MqttPrincipal.workload(e.deviceId()).username(),
          e.workloadSecret().toCharArray());
    }
  }

  /** The hub's user name on an external broker: {@code backroom.mqtt.username}, else {@code hub}. */
  private String externalUsername() {
    return config.mqtt().username().orElse(MqttPrincipal.HUB_USERNAME);
  }

  /**
   * {@code backroom.mqtt.password}, else this process's fresh secret, which a managed Mosquitto
   * is given at every start (one password change per start).
   */
  private char[] externalPassword() {
    return config.mqtt().password().map(String::toCharArray).orElseGet(credentials::hubPassword);
  }

  public void stop() {
    if (transport != null) {
      transport.close();
    }
    if (mosquittoAccounts != null) {
      mosquittoAccounts.stop();
    }
    if (broker != null) {
      broker.close();
    }
  }

  /**
   * Whether one of the device subscriptions an external broker gets
   * ({@code backroom/v1/devices/+/kind}) would have matched. The hook sees every publish, the
   * hub's own assignments included, and those must not reach ingest (it would count them as
   * malformed).
   */
  static boolean isInterceptedDeviceTopic(String topic) {
    String[] levels = topic.split("/", -1);
    return levels.length == 5 && topic.startsWith(Topics.ROOT + "/devices/")
        && DeviceMessageIngest.KINDS.contains(levels[4]);
  }

  private static int freePort(String host) {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(host))) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
