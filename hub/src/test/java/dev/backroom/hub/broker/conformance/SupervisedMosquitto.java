package dev.backroom.hub.broker.conformance;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.backroom.config.json.Json;
import dev.backroom.hub.broker.BrokerLogEvent;
import dev.backroom.hub.broker.ManagedMosquitto;
import dev.backroom.hub.broker.MosquittoSettings;
import dev.backroom.mqtt.security.DynsecBootstrap;
import dev.backroom.mqtt.security.DynsecRoles;
import dev.backroom.mqtt.security.MqttPrincipal;
import dev.backroom.mqtt.transport.MqttOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The hub's own Mosquitto, started through {@link ManagedMosquitto} from the same
 * {@link MosquittoSettings} the hub builds (plain listener on loopback), with device and
 * workload accounts made through its {@link ManagedMosquitto#accounts()}. With
 * {@code anonymous}, the explicit insecure shortcut ({@code backroom.mqtt.allow-anonymous}).
 *
 * <p>The conformance tester's account is written into the dynamic-security file before the
 * start: the hub keeps every client and role it does not own, as it keeps enrolled devices.
 */
final class SupervisedMosquitto implements BrokerUnderTest {
  private static final int KEPT_EVENTS = 200;

  private final ManagedMosquitto broker;
  private final boolean anonymous;
  private final Account tester;
  private final Map<String, Account> accounts = new ConcurrentHashMap<>();
  private final Deque<String> events;

  private SupervisedMosquitto(ManagedMosquitto broker, boolean anonymous, Account tester,
      Deque<String> events) {
    this.broker = broker;
    this.anonymous = anonymous;
    this.tester = tester;
    this.events = events;
  }

  static SupervisedMosquitto start(boolean anonymous) {
    try {
      Path dir = Files.createTempDirectory("backroom-hub-data").resolve("mosquitto");
      Files.createDirectories(dir);
      Account tester = seedTester(dir);
      Deque<String> events = new ArrayDeque<>();
      ManagedMosquitto m = ManagedMosquitto.start(
          MosquittoSettings.plain(dir, "127.0.0.1", 0).withAllowAnonymous(anonymous), null,
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
  public Account hub() {
    MqttOptions o = broker.hubOptions("backroom-hub-conformance");
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
    return accounts.computeIfAbsent(MqttPrincipal.workload(id).username(), u -> {
      char[] pw = UUID.randomUUID().toString().toCharArray();
      broker.accounts().ensureWorkload(id, u, pw);
      return new Account(u, pw, "workload-" + id);
    });
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
    return anonymous ? "hub-supervised Mosquitto, anonymous shortcut" : "hub-supervised Mosquitto";
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
