package dev.backroom.hub.broker.conformance;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.backroom.harness.MosquittoProcess;
import dev.backroom.harness.Ports;
import dev.backroom.hub.broker.dynsec.DynsecBootstrap;
import dev.backroom.hub.broker.dynsec.DynsecConnection;
import dev.backroom.hub.broker.dynsec.DynsecRoles;
import dev.backroom.hub.broker.dynsec.MosquittoDynamicSecurity;
import dev.backroom.hub.broker.dynsec.PasswordProbe;
import dev.backroom.mqtt.security.MqttPrincipal;
import dev.backroom.mqtt.transport.MqttOptions;
import dev.backroom.mqtt.transport.PahoMqttTransport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An operator-run Mosquitto 2 as the hub expects one ({@code backroom.mqtt.url} plus
 * {@code backroom.mqtt.dynsec.*}): the configuration {@link DynsecBootstrap} writes (the
 * dynamic-security plugin, anonymous refused, loopback), and every role and account made through
 * {@link MosquittoDynamicSecurity}, exactly the calls the hub's {@code MosquittoAccounts} makes.
 */
final class OperatorMosquitto implements BrokerUnderTest {
  private static final String ADMIN = "dynsec-admin";
  private static final char[] ADMIN_PASSWORD = secret();
  static final String TESTER_ROLE = "conformance-tester";
  static final String TESTER_USERNAME = "conformance-tester";

  private final MosquittoProcess process;
  private final DynsecConnection conn;
  private final MosquittoDynamicSecurity dynsec;
  private final char[] hubPassword = secret();
  private final Map<String, Account> accounts = new ConcurrentHashMap<>();
  private final Account tester;

  private OperatorMosquitto(MosquittoProcess process) {
    this.process = process;
    String uri = "tcp://" + host() + ":" + port();
    conn = new DynsecConnection(new PahoMqttTransport(new MqttOptions(uri,
        DynsecRoles.ADMIN_CLIENT_ID,
        ADMIN, ADMIN_PASSWORD, 10, null, null)), Duration.ofSeconds(5));
    conn.start();
    if (!conn.awaitConnected(Duration.ofSeconds(10))) {
      throw new IllegalStateException("cannot reach Mosquitto as its dynamic-security admin: "
          + log());
    }
    dynsec = new MosquittoDynamicSecurity(conn, PasswordProbe.connectingTo(uri));
    dynsec.ensureBase(MqttPrincipal.HUB_USERNAME, hubPassword);
    tester = createTester();
  }

  static OperatorMosquitto start() {
    Path dir = Brokers.newDir("operator-mosquitto");
    int port = Ports.free();
    Path conf = DynsecBootstrap.write(dir, port, ADMIN, ADMIN_PASSWORD);
    return new OperatorMosquitto(MosquittoProcess.startWith(conf, port));
  }

  @Override
  public String host() {
    return "127.0.0.1";
  }

  @Override
  public int port() {
    return process.port();
  }

  @Override
  public Account hub() {
    return new Account(MqttPrincipal.HUB_USERNAME, hubPassword, DynsecRoles.HUB_CLIENT_ID);
  }

  @Override
  public Account device(String id) {
    return accounts.computeIfAbsent(MqttPrincipal.device(id).username(), u -> {
      char[] pw = secret();
      dynsec.ensureDevice(id, u, pw);
      return new Account(u, pw, DynsecRoles.agentClientId(id));
    });
  }

  @Override
  public Account workload(String id) {
    // Issued by the hub for its telemetry listener; the hub makes no broker account of it.
    return accounts.computeIfAbsent(MqttPrincipal.workload(id).username(),
        u -> new Account(u, secret(), "workload-" + id));
  }

  @Override
  public Account tester(String clientId) {
    return tester.withClientId(clientId);
  }

  @Override
  public Account dollarTester(String clientId) {
    return tester(clientId);
  }

  @Override
  public boolean anonymousAllowed() {
    return false;
  }

  @Override
  public String log() {
    return process.tail(200);
  }

  @Override
  public void close() {
    conn.close();
    process.close();
  }

  @Override
  public String toString() {
    return "operator-run Mosquitto (dynsec managed by the hub)";
  }

  /**
   * What the conformance rules need and nothing of Backroom's topics. '#' does not reach '$'
   * topics, so those are named; the wildcard filters of MQTT-4.7.2-1 ('#', '+/+', '+/B') are
   * subscribable so that the broker, not the ACL, is what keeps '$' topics from them.
   */
  static List<DynsecRoles.Acl> testerAcls() {
    List<DynsecRoles.Acl> acls = new ArrayList<>();
    for (String topic : List.of("conformance/#", "$conformance/#")) {
      for (String type : List.of(DynsecRoles.PUBLISH_SEND, DynsecRoles.PUBLISH_RECEIVE,
          DynsecRoles.SUBSCRIBE_PATTERN, DynsecRoles.UNSUBSCRIBE_PATTERN)) {
        acls.add(new DynsecRoles.Acl(type, topic));
      }
    }
    for (String filter : List.of("#", "+/+", "+/B")) {
      acls.add(new DynsecRoles.Acl(DynsecRoles.SUBSCRIBE, filter));
    }
    return acls;
  }

  private Account createTester() {
    ObjectNode role = conn.command("createRole").put("rolename", TESTER_ROLE);
    ArrayNode acls = role.putArray("acls");
    testerAcls().forEach(a -> acls.addObject().put("acltype", a.type()).put("topic", a.topic())
        .put("allow", true));
    conn.call(role);
    char[] pw = secret();
    ObjectNode client = conn.command("createClient").put("username", TESTER_USERNAME)
        .put("password", new String(pw)).put("textname", "conformance tests only");
    client.putArray("roles").addObject().put("rolename", TESTER_ROLE);
    conn.call(client);
    return new Account(TESTER_USERNAME, pw, "conformance");
  }

  private static char[] secret() {
    return UUID.randomUUID().toString().toCharArray();
  }
}
