package dev.backroom.hub.broker;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backroom.config.json.Json;
import dev.backroom.hub.broker.dynsec.DynsecBootstrap;
import dev.backroom.hub.broker.dynsec.DynsecConnection;
import dev.backroom.hub.broker.dynsec.DynsecRoles;
import dev.backroom.hub.broker.dynsec.MosquittoDynamicSecurity;
import dev.backroom.hub.broker.dynsec.PasswordProbe;
import dev.backroom.mqtt.security.MqttPrincipal;
import dev.backroom.mqtt.transport.MqttOptions;
import dev.backroom.mqtt.transport.PahoMqttTransport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLSocketFactory;
import org.jboss.logging.Logger;

/**
 * A Mosquitto the hub runs and owns, from {@link MosquittoSettings} to a broker that listens:
 * writes its configuration and brings its dynamic-security file to the hub's base (fresh admin
 * and hub passwords every start; device accounts kept), starts it under a
 * {@link MosquittoSupervisor}, reads its log through {@link MosquittoLog} and opens the
 * dynamic-security admin connection through which accounts are made ({@link #accounts()}).
 * Plain Java: the hub's {@code HubMqtt} and tests start the same broker.
 */
public final class ManagedMosquitto implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(ManagedMosquitto.class);
  /** The broker's own lines are logged under this category. */
  private static final Logger BROKER_LOG = Logger.getLogger("dev.backroom.hub.broker.mosquitto");
  private static final Duration START_WAIT = Duration.ofSeconds(15);
  /** Port-0 picks tried before giving up when each is taken before the broker binds it. */
  static final int PORT_PICKS = 5;

  /** What the broker reports besides its log: refusals, Wills, deaths and restarts. */
  public interface Observer {
    void event(BrokerLogEvent e);

    default void died(int exitCode, Duration backoff) {}

    default void restarted() {}
  }

  private final MosquittoSettings settings;
  private final int port;
  private final String dial;
  private final SSLSocketFactory clientTls;
  private final char[] hubPassword;
  private final MosquittoSupervisor supervisor;
  private final MosquittoLog parser = new MosquittoLog();
  private volatile DynsecConnection admin;
  private volatile MosquittoDynamicSecurity accounts;

  private ManagedMosquitto(MosquittoSettings settings, int port, SSLSocketFactory clientTls,
      char[] hubPassword, String binary, Observer observer) {
    this.settings = settings;
    this.port = port;
    this.dial = dialHost(settings.host());
    this.clientTls = clientTls;
    this.hubPassword = hubPassword;
    List<Integer> ports = new ArrayList<>(List.of(port));
    if (settings.tls().isPresent()) {
      settings.plainPort().ifPresent(ports::add);
    }
    this.supervisor = new MosquittoSupervisor(binary, settings.dir().resolve("mosquitto.conf"),
        settings.host(), ports, new MosquittoSupervisor.Listener() {
          @Override
          public void line(String line) {
            log(line);
            parser.accept(line, observer::event);
          }

          @Override
          public void died(int exitCode, Duration backoff, List<String> lastLines) {
            observer.died(exitCode, backoff);
          }

          @Override
          public void restarted() {
            observer.restarted();
          }
        });
  }

  /**
   * Starts the broker and returns once it listens and its dynamic-security admin is connected.
   *
   * @param clientTls sockets trusting the broker's CA, for the hub's own connections to a TLS
   *     listener; null without TLS
   * @param observer told of the broker's events, on its log-reading thread; keep it quick
   * @throws IllegalStateException when Mosquitto or its plugin is missing or it does not start
   */
  public static ManagedMosquitto start(MosquittoSettings settings, SSLSocketFactory clientTls,
      Observer observer) {
    return start(settings, clientTls, observer, () -> freePort(settings.host()));
  }

  /** As above; {@code portPicker} picks each port tried when {@code settings.port()} is 0. */
  static ManagedMosquitto start(MosquittoSettings settings, SSLSocketFactory clientTls,
      Observer observer, java.util.function.IntSupplier portPicker) {
    if (settings.tls().isPresent() && clientTls == null) {
      throw new IllegalArgumentException("a TLS listener needs the client sockets that trust it");
    }
    String binary = MosquittoBinary.find(settings.binary());
    Path plugin = DynsecBootstrap.plugin();
    SecureRandom random = new SecureRandom();
    char[] adminPassword = newSecret(random);
    char[] hubPassword = newSecret(random);
    ManagedMosquitto m = null;
    for (int attempt = 1; m == null; attempt++) {
      // A port picked free may be taken by someone else before Mosquitto binds it: pick again.
      int port = settings.port() == 0 ? portPicker.getAsInt() : settings.port();
      writeFiles(settings.withPort(port), plugin, adminPassword, hubPassword, random);
      ManagedMosquitto candidate = new ManagedMosquitto(settings, port, clientTls, hubPassword,
          binary, observer);
      try {
        candidate.supervisor.start(START_WAIT);
        m = candidate;
      } catch (MosquittoPortInUseException e) {
        if (settings.port() != 0 || e.port() != port || attempt == PORT_PICKS) {
          throw e;
        }
        LOG.warnf("port %d was taken before Mosquitto could bind it; picking another", port);
      }
    }
    try {
      m.connectAdmin(adminPassword);
    } catch (RuntimeException e) {
      m.close();
      throw e;
    }
    if (settings.allowAnonymous()) {
      LOG.warnf("Mosquitto on %s lets ANONYMOUS clients publish and subscribe anywhere"
          + " (backroom.mqtt.allow-anonymous=true): for demos and benches only", m.uri());
    }
    return m;
  }

  /** The URI the hub's own clients use: the main listener, dialled on loopback for a wildcard. */
  public String uri() {
    return (settings.tls().isPresent() ? "ssl://" : "tcp://") + dial + ":" + port;
  }

  /** The extra plain listener's URI, when there is one. */
  public Optional<String> plainUri() {
    return settings.tls().isPresent()
        ? settings.plainPort().map(p -> "tcp://" + dial + ":" + p) : Optional.empty();
  }

  public int port() {
    return port;
  }

  public boolean isTls() {
    return settings.tls().isPresent();
  }

  /** The sockets for {@link #uri()} when it is {@code ssl://}; null otherwise. */
  public SSLSocketFactory clientTls() {
    return clientTls;
  }

  /** The hub's own account ({@link MqttPrincipal#HUB_USERNAME}); its password is new each start. */
  public MqttOptions hubOptions(String clientId) {
    return new MqttOptions(uri(), clientId, MqttPrincipal.HUB_USERNAME, hubPassword.clone(),
        dev.backroom.mqtt.Liveness.KEEP_ALIVE_S, null, null, clientTls);
  }

  /** Device accounts, through the dynamic-security admin connection. */
  public MosquittoDynamicSecurity accounts() {
    return accounts;
  }

  /** The broker process's pid (tests kill it to see it restarted), or -1. */
  public long pid() {
    return supervisor.pid();
  }

  @Override
  public void close() {
    DynsecConnection a = admin;
    if (a != null) {
      a.close();
    }
    supervisor.close();
  }

  private void connectAdmin(char[] adminPassword) {
    MqttOptions o = new MqttOptions(uri(), DynsecRoles.ADMIN_CLIENT_ID, DynsecSeed.ADMIN_USERNAME,
        adminPassword, 30, null, null, clientTls);
    DynsecConnection c = new DynsecConnection(new PahoMqttTransport(o), Duration.ofSeconds(10));
    admin = c;
    c.start();
    if (!c.awaitConnected(START_WAIT)) {
      throw new IllegalStateException("the hub's dynamic-security admin could not connect to its"
          + " Mosquitto on " + uri());
    }
    accounts = new MosquittoDynamicSecurity(c, PasswordProbe.connectingTo(uri(), clientTls));
  }

  private void log(String line) {
    switch (MosquittoLog.levelOf(line)) {
      case ERROR -> BROKER_LOG.error(line);
      case WARN -> BROKER_LOG.warn(line);
      case INFO -> BROKER_LOG.info(line);
      case DEBUG -> BROKER_LOG.debug(line);
      case TRACE -> BROKER_LOG.trace(line);
    }
  }

  /** {@code dir} 0700 with {@code mosquitto.conf} and {@code dynamic-security.json}, both 0600. */
  private static void writeFiles(MosquittoSettings s, Path plugin, char[] adminPassword,
      char[] hubPassword, SecureRandom random) {
    Path dir = s.dir().toAbsolutePath();
    Path state = dir.resolve("dynamic-security.json");
    try {
      Files.createDirectories(dir);
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
      JsonNode existing = Files.exists(state) ? Json.mapper().readTree(state.toFile()) : null;
      writePrivate(state, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(
          DynsecSeed.apply(existing, adminPassword, MqttPrincipal.HUB_USERNAME, hubPassword,
              s.allowAnonymous(), random)));
      String user = System.getProperty("user.name");
      rootWarning(user).ifPresent(LOG::error);
      writePrivate(dir.resolve("mosquitto.conf"), MosquittoConf.render(s, plugin, state, user)
          .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the broker's files in " + dir, e);
    }
  }

  /**
   * The broker runs as the hub's user: it must read the hub's 0600 files and write its plugin's
   * changes back inside the 0700 data directory, which an unprivileged {@code mosquitto} user
   * (what Mosquitto switches to when started as root) cannot reach. So a hub running as root runs
   * its broker, a network-facing parser, as root too: said loudly at every start.
   */
  static java.util.Optional<String> rootWarning(String user) {
    if (!"root".equals(user)) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of("The hub runs as root, so its Mosquitto, which parses every"
        + " device's packets, runs as root too. Run the hub as an unprivileged user (for example"
        + " useradd --system backroom, chown -R backroom the data directory, and start it as that"
        + " user); the broker then runs as that user.");
  }

  private static void writePrivate(Path file, byte[] bytes) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.deleteIfExists(tmp);
    Files.createFile(tmp, PosixFilePermissions.asFileAttribute(
        PosixFilePermissions.fromString("rw-------")));
    Files.write(tmp, bytes);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private static char[] newSecret(SecureRandom random) {
    byte[] b = new byte[24];
    random.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b).toCharArray();
  }

  static String dialHost(String host) {
    if (host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) {
      return "127.0.0.1";
    }
    return host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
  }

  private static int freePort(String host) {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(host))) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
