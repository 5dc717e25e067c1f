package dev.backroom.hub.broker.conformance;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.backroom.config.json.Json;
import dev.backroom.hub.broker.BrokerLogEvent;
import dev.backroom.hub.broker.ManagedMosquitto;
import dev.backroom.hub.broker.MosquittoSettings;
import dev.backroom.hub.broker.dynsec.DynsecBootstrap;
import dev.backroom.hub.broker.dynsec.DynsecRoles;
import dev.backroom.hub.tls.StoreCa;
import dev.backroom.mqtt.security.MqttPrincipal;
import dev.backroom.mqtt.transport.MqttOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLSocketFactory;

/**
 * The hub's own Mosquitto, started through {@link ManagedMosquitto} from the same
 * {@link MosquittoSettings} the hub builds (on loopback; TLS with the store CA or plain), with device
 * accounts made through its {@link ManagedMosquitto#accounts()}. With
 * {@code anonymous}, the explicit insecure shortcut ({@code backroom.mqtt.allow-anonymous}).
 *
 * <p>The conformance tester's account is written into the dynamic-security file before the
 * start: the hub keeps every client and role it does not own, as it keeps enrolled devices.
 */
final class SupervisedMosquitto implements BrokerUnderTest {
  private static final int KEPT_EVENTS = 200;

  private final ManagedMosquitto broker;
  private final SSLSocketFactory tls;
  private final boolean anonymous;
  private final Account tester;
  private final Map<String, Account> accounts = new ConcurrentHashMap<>();
  private final Deque<String> events;

  private SupervisedMosquitto(ManagedMosquitto broker, boolean anonymous, Account tester,
      Deque<String> events) {
    this.broker = broker;
    this.tls = broker.clientTls();
    this.anonymous = anonymous;
    this.tester = tester;
    this.events = events;
  }

  /**
   * @param tls a TLS listener with the store CA, as the hub runs by default; else plain MQTT
   *     ({@code backroom.tls.enabled=false})
   */
  static SupervisedMosquitto start(boolean anonymous, boolean tls) {
    try {
      Path data = Brokers.newDir("hub-data");
      Path dir = data.resolve("mosquitto");
      Files.createDirectories(dir);
      Account tester = seedTester(dir);
      Deque<String> events = new ArrayDeque<>();
      MosquittoSettings settings =
          MosquittoSettings.plain(dir, "127.0.0.1", 0).withAllowAnonymous(anonymous);
      SSLSocketFactory clientTls = null;
      if (tls) {
        StoreCa ca = StoreCa.loadOrCreate(data.resolve("tls"), StoreCa.defaultNames(List.of()),
            Instant.now(), Duration.ofDays(30), Duration.ofDays(1));
        settings = settings.withTls(new MosquittoSettings.Tls(ca.serverChainFile(),
            ca.serverKeyFile(), ca.caFile()));
        clientTls = ca.ca().socketFactory();
      }
      ManagedMosquitto m = ManagedMosquitto.start(settings, clientTls,
          new ManagedMosquitto.Observer() {
            @Override
            public void event(BrokerLogEvent e) {
              synchronized (events) {
                if (events.size() == KEPT_EVENTS) {
                  events.removeFirst();
                }
                events.addLast(e.toString());
              }
            }
          });
      return new SupervisedMosquitto(m, anonymous, tester, events);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String host() {
    return "127.0.0.1";
  }

  @Override
  public int port() {
    return broker.port();
  }

  @Override
  public SSLSocketFactory tls() {
    return tls;
  }

  @Override
  public Account hub() {
    MqttOptions o = broker.hubOptions(DynsecRoles.HUB_CLIENT_ID);
    return new Account(o.username(), o.password(), o.clientId());
  }

  @Override
  public Account device(String id) {
    return accounts.computeIfAbsent(MqttPrincipal.device(id).username(), u -> {
      char[] pw = UUID.randomUUID().toString().toCharArray();
      broker.accounts().ensureDevice(id, u, pw);
      return new Account(u, pw, DynsecRoles.agentClientId(id));
    });
  }

  @Override
  public Account workload(String id) {
    // Issued by the hub for its telemetry listener; the hub makes no broker account of it.
    return accounts.computeIfAbsent(MqttPrincipal.workload(id).username(),
        u -> new Account(u, UUID.randomUUID().toString().toCharArray(), "workload-" + id));
  }

  @Override
  public Account tester(String clientId) {
    return anonymous ? Account.anonymous(clientId) : tester.withClientId(clientId);
  }

  @Override
  public Account dollarTester(String clientId) {
    return tester.withClientId(clientId);
  }

  @Override
  public boolean anonymousAllowed() {
    return anonymous;
  }

  @Override
  public String log() {
    synchronized (events) {
      return "events the hub read from the broker's log (last " + events.size() + "):\n"
          + String.join("\n", events);
    }
  }

  @Override
  public void close() {
    broker.close();
  }

  @Override
  public String toString() {
    return "hub-supervised Mosquitto (" + (tls != null ? "TLS, store CA" : "plain")
        + (anonymous ? ", anonymous shortcut" : "") + ")";
  }

  /** The tester's role and client, as a first dynamic-security file for the hub to extend. */
  private static Account seedTester(Path dir) throws IOException {
    char[] pw = UUID.randomUUID().toString().toCharArray();
    byte[] salt = new byte[12];
    new SecureRandom().nextBytes(salt);
    int iterations = 1_000;
    ObjectNode root = Json.mapper().createObjectNode();
    ObjectNode role = root.putArray("roles").addObject().put("rolename", OperatorMosquitto.TESTER_ROLE);
    ArrayNode acls = role.putArray("acls");
    OperatorMosquitto.testerAcls().forEach(a -> acls.addObject().put("acltype", a.type())
        .put("topic", a.topic()).put("priority", 0).put("allow", true));
    ObjectNode client = root.putArray("clients").addObject()
        .put("username", OperatorMosquitto.TESTER_USERNAME).put("textname", "conformance tests only")
        .put("password", Base64.getEncoder().encodeToString(DynsecBootstrap.hash(pw, salt,
            iterations)))
        .put("salt", Base64.getEncoder().encodeToString(salt)).put("iterations", iterations);
    client.putArray("roles").addObject().put("rolename", OperatorMosquitto.TESTER_ROLE);
    Files.write(dir.resolve("dynamic-security.json"), Json.mapper().writeValueAsBytes(root));
    return new Account(OperatorMosquitto.TESTER_USERNAME, pw, "conformance");
  }
}
