package dev.backroom.hub.mqtt;

import dev.backroom.hub.broker.BrokerEvents;
import dev.backroom.hub.broker.ManagedMosquitto;
import dev.backroom.hub.broker.MosquittoSettings;
import dev.backroom.hub.broker.dynsec.BrokerAccounts;
import dev.backroom.hub.broker.dynsec.MosquittoAccounts;
import dev.backroom.hub.config.HubConfig;
import dev.backroom.hub.devices.DeviceCredential;
import dev.backroom.hub.devices.DeviceCredentialStore;
import dev.backroom.hub.signing.HubSigning;
import dev.backroom.hub.tls.StoreCa;
import dev.backroom.hub.tls.StoreTls;
import dev.backroom.mqtt.Topics;
import dev.backroom.mqtt.codec.MessageCodec;
import dev.backroom.mqtt.message.Assignment;
import dev.backroom.mqtt.message.DeviceCommand;
import dev.backroom.mqtt.transport.MqttOptions;
import dev.backroom.mqtt.transport.MqttTransport;
import dev.backroom.mqtt.transport.PahoMqttTransport;
import dev.backroom.mqtt.security.MqttPrincipal;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import javax.net.ssl.SSLSocketFactory;
import org.jboss.logging.Logger;

/**
 * Owns the broker and the hub's connection to it. Unless {@code backroom.mqtt.url} names a broker
 * the operator runs, the hub starts its own Mosquitto ({@link ManagedMosquitto}, supervised as a
 * child process) and manages its dynamic-security accounts; an external Mosquitto with
 * {@code backroom.mqtt.dynsec.*} set gets the same from {@link MosquittoAccounts}. Either way the
 * hub's client publishes assignments and commands and subscribes to every device's reports, which
 * reach {@link DeviceMessageIngest}; a device's lifecycle (its Last Will included, which Mosquitto
 * checks against the device's ACL before delivering it) comes the same way.
 */
@ApplicationScoped
public class HubMqtt {
  private static final Logger LOG = Logger.getLogger(HubMqtt.class);

  @Inject HubConfig config;
  @Inject DeviceCredentialStore credentialStore;
  @Inject StoreTls tls;
  @Inject BrokerEvents brokerEvents;
  @Inject HubSigning signing;
  private final Object commandOrder = new Object();
  /** This process's own secret, made at every start; never stored or logged. */
  private final char[] processSecret = freshSecret();

  private ManagedMosquitto broker;
  /** The managed broker's start, on a thread of its own; null until {@link #startBroker}. */
  private CompletableFuture<ManagedMosquitto> brokerStart;
  private MosquittoAccounts mosquittoAccounts;
  private BrokerAccounts accounts;
  private MqttTransport transport;
  private MessageCodec codec;
  private String brokerUri;

  /**
   * Starts the hub's own Mosquitto, when it runs one, on a thread of its own and returns at once:
   * the broker writes its files, starts and connects its dynamic-security admin (a TLS connect,
   * most of a second on a store box) while the hub migrates its database. {@link #start} waits
   * for it and fails as the broker's start failed. It needs only files (the store CA, the
   * broker's directory), no database.
   */
  public synchronized void startBroker() {
    if (brokerStart != null || config.mqtt().url().isPresent() || !config.mqtt().managed()) {
      return;
    }
    MosquittoSettings settings = managedSettings();
    SSLSocketFactory clientTls = tls.ca().map(ca -> ca.ca().socketFactory()).orElse(null);
    CompletableFuture<ManagedMosquitto> started = new CompletableFuture<>();
    brokerStart = started;
    Thread t = new Thread(() -> {
      try {
        started.complete(ManagedMosquitto.start(settings, clientTls, brokerEvents));
      } catch (Throwable e) {
        started.completeExceptionally(e);
      }
    }, "mosquitto-start");
    t.setDaemon(true);
    t.start();
  }

  /** The started broker; what its start threw, thrown again here. */
  private ManagedMosquitto awaitBroker() {
    try {
      return brokerStart.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw e;
    }
  }

  /**
   * Starts the client, and the broker if managed and {@link #startBroker} has not; returns once
   * the broker listens, with the client connecting in background.
   */
  public void start(MqttTransport.ConnectListener onConnect,
      MqttTransport.DisconnectListener onDisconnect, DeviceMessageIngest ingest) {
    codec = new MessageCodec(config.mqtt().maxPayloadBytes());
    if (!tls.enabled()) {
      LOG.warnf("TLS is off (backroom.tls.enabled=false): the API and the hub's MQTT listeners"
          + " are plain");
    }
    MqttOptions options;
    if (config.mqtt().url().isPresent()) {
      brokerUri = config.mqtt().url().get();
      LOG.infof("using external MQTT broker %s", brokerUri);
      if (MosquittoAccounts.configured(config.mqtt())) {
        mosquittoAccounts = new MosquittoAccounts(brokerUri, config.mqtt().dynsec(),
            externalUsername(), externalPassword(),
            brokerUri.startsWith("ssl://") ? tls.clientSockets() : null);
        mosquittoAccounts.start();
        accounts = mosquittoAccounts;
      }
      options = MqttOptions.of(brokerUri, "backroom-hub");
      if (mosquittoAccounts != null || config.mqtt().username().isPresent()) {
        options = options.withCredentials(externalUsername(), externalPassword());
      }
      if (options.isTls()) {
        options = options.withTls(tls.clientSockets());
      }
    } else if (config.mqtt().managed()) {
      startBroker();
      broker = awaitBroker();
      brokerUri = broker.uri();
      accounts = broker.accounts();
      reportDevicesWithoutAccount(broker.accounts().usernames());
      LOG.infof("MQTT broker: the hub's Mosquitto on %s (%s)", brokerUri,
          config.mqtt().allowAnonymous() ? "ANONYMOUS clients allowed" : "enrolled devices only");
      broker.plainUri().ifPresent(u -> LOG.warnf("the hub's Mosquitto also serves PLAIN MQTT on"
          + " %s (backroom.mqtt.plain-port): credentials cross it unencrypted", u));
      options = broker.hubOptions("backroom-hub");
    } else {
      throw new IllegalStateException("no MQTT broker: set backroom.mqtt.url to a broker you run,"
          + " or leave backroom.mqtt.managed=true for the hub's own Mosquitto");
    }
    transport = new PahoMqttTransport(options);
    for (String kind : DeviceMessageIngest.KINDS) {
      transport.subscribe(Topics.allDevices(kind), 1, ingest::accept);
    }
    transport.onConnected(onConnect);
    transport.onDisconnected(onDisconnect);
    transport.start();
  }

  /**
   * An enrolled device the broker has no account for cannot connect: its broker directory was
   * lost, or it enrolled with a broker of an earlier hub version. The hub holds only bcrypt
   * hashes, which Mosquitto cannot use, so such a device must enrol again; say so once a start.
   */
  private void reportDevicesWithoutAccount(Set<String> brokerUsers) {
    List<String> missing = credentialStore.list().stream().filter(c -> !c.revoked())
        .map(DeviceCredential::deviceId).filter(Topics::isValidDeviceId)
        .filter(id -> !brokerUsers.contains(MqttPrincipal.device(id).username())).toList();
    if (!missing.isEmpty()) {
      LOG.warnf("%d enrolled device(s) have no account on the hub's Mosquitto and cannot connect"
          + " until they enrol again: %s", missing.size(),
          String.join(", ", missing.subList(0, Math.min(20, missing.size())))
              + (missing.size() > 20 ? ", ..." : ""));
    }
  }

  private MosquittoSettings managedSettings() {
    HubConfig.Mqtt m = config.mqtt();
    MosquittoSettings s = new MosquittoSettings(Path.of(config.dataDir(), "mosquitto"), m.host(),
        m.port(), Optional.empty(), Optional.empty(), m.allowAnonymous(), m.maxPayloadBytes(),
        m.mosquittoBinary());
    if (tls.ca().isPresent()) {
      StoreCa ca = tls.ca().get();
      s = s.withTls(new MosquittoSettings.Tls(ca.serverChainFile(), ca.serverKeyFile(),
          ca.caFile()));
      if (m.plainPort().isPresent()) {
        s = s.withPlainPort(m.plainPort().get());
      }
    }
    return s;
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
   * The broker accounts the hub manages: its own Mosquitto's, or an external Mosquitto's when
   * {@code backroom.mqtt.dynsec.*} is set. Empty for an external broker managed by hand.
   */
  public Optional<BrokerAccounts> accounts() {
    return Optional.ofNullable(accounts);
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

  /**
   * A revoked device loses its broker session at once. Called by
   * {@code EnrollmentService.revoke} inside its transaction: a failure (thrown) fails the
   * revocation, which is then not recorded.
   */
  public void onRevoked(DeviceRevoked r) {
    if (accounts != null) {
      // Deleting its clients makes Mosquitto drop their sessions; a failure fails the revocation.
      accounts.revokeDevice(r.deviceId());
      LOG.infof("device %s revoked: its broker accounts are deleted", r.deviceId());
    }
  }

  /**
   * An enrolled device's credential becomes a broker account bound to its agent's client id.
   * Called by {@code EnrollmentService.register} inside its transaction, after the credential row
   * is written and before the commit: a broker that refuses or does not answer (thrown) fails the
   * enrolment, which is rolled back. Setting a device's password drops the sessions of its
   * previous credential, so a replacement needs no separate revocation. Its workload credential
   * gets no broker account: workloads publish to the hub's telemetry listener only, and an
   * account on the broker could take over any client id not bound to another.
   */
  public void onEnrolled(DeviceEnrolled e) {
    if (accounts != null) {
      accounts.ensureDevice(e.deviceId(), MqttPrincipal.device(e.deviceId()).username(),
          e.deviceSecret().toCharArray());
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
    return config.mqtt().password().map(String::toCharArray).orElseGet(processSecret::clone);
  }

  private static char[] freshSecret() {
    byte[] b = new byte[32];
    new SecureRandom().nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b).toCharArray();
  }

  public void stop() {
    if (transport != null) {
      transport.close();
    }
    if (mosquittoAccounts != null) {
      mosquittoAccounts.stop();
    }
    ManagedMosquitto b = broker;
    if (b == null && brokerStart != null) {
      // The start failed before it waited for the broker (a failed migration): stop it anyway.
      b = brokerStart.exceptionally(e -> null).join();
    }
    if (b != null) {
      b.close();
    }
  }
}
