package dev.backroom.harness;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The packaged hub ({@code quarkus-run.jar}) as a child process on free loopback ports. TLS is on,
 * as in production: the API is HTTPS only, the hub's Mosquitto and the telemetry listener are
 * {@code ssl://}, and the harness trusts only the store CA the hub wrote to
 * {@code <data-dir>/tls/ca.pem}. A test that needs plain links passes
 * {@code backroom.tls.enabled=false} in {@code extra}, explicitly.
 */
public final class HubProcess extends ManagedProcess {
  private final int httpPort;
  private final String brokerUri;
  private final int telemetryPort;
  private final HubAuth auth;
  private final boolean tls;
  private final Path caFile;

  private HubProcess(Supplier<List<String>> command, Map<String, String> env, Path log,
      int httpPort, String brokerUri, int telemetryPort, HubAuth auth, boolean tls, Path caFile) {
    super("hub", command, log, env);
    this.httpPort = httpPort;
    this.brokerUri = brokerUri;
    this.telemetryPort = telemetryPort;
    this.auth = auth;
    this.tls = tls;
    this.caFile = caFile;
  }

  /**
   * @param externalBroker null for the hub's own Mosquitto on a free port
   * @param extra further {@code -D} properties, e.g. a shorter heartbeat timeout
   */
  public static HubProcess start(Path dataDir, String externalBroker, Map<String, String> extra) {
    return start(dataDir, externalBroker, extra, Map.of());
  }

  /**
   * @param settings hub settings passed as environment variables (BACKROOM_SYNC_POLL_WAIT for
   *     backroom.sync.poll-wait): unlike a {@code -D} property, which Quarkus refuses when no
   *     config mapping claims it, an unknown environment variable is ignored, so one harness
   *     runs hubs with and without a feature
   */
  public static HubProcess start(Path dataDir, String externalBroker, Map<String, String> extra,
      Map<String, String> settings) {
    Map<String, String> env = new TreeMap<>();
    settings.forEach((k, v) -> env.put(k.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_"), v));
    // Always free ports: the defaults (8080, 1883, 1884) would clash between hubs of one test
    // and with a developer's own hub. Auth is on, as in production.
    return start(new Setup(dataDir, dataDir.resolve("hub.log"), Ports.free(), externalBroker,
        Ports.free(), Ports.free(), HubAuth.random(), List.of("-Xmx256m"), extra, env));
  }

  /**
   * Everything a hub start needs; the tests' {@code start} methods pick free ports and fresh
   * credentials, the launcher's demo fixed ports and kept ones.
   *
   * @param externalBroker null for the hub's own Mosquitto on {@code mqttPort}
   * @param extra {@code -D} properties, after the ones set here so they win
   * @param env further environment variables of the hub process
   */
  public record Setup(Path dataDir, Path log, int httpPort, String externalBroker, int mqttPort,
      int telemetryPort, HubAuth auth, List<String> jvmOptions, Map<String, String> extra,
      Map<String, String> env) {}

  public static HubProcess start(Setup s) {
    return start(s, UnaryOperator.identity());
  }

  /**
   * @param eachStart the JVM options of one start (this one and each restart) from the setup's:
   *     the launcher's class archive is written by the hub's first start and read by later ones
   */
  public static HubProcess start(Setup s, UnaryOperator<List<String>> eachStart) {
    Map<String, String> env = new TreeMap<>();
    // In the environment, so a hub without a telemetry listener ignores it.
    env.put("BACKROOM_TELEMETRY_PORT", Integer.toString(s.telemetryPort()));
    env.putAll(s.auth().environment());
    env.putAll(s.env());
    List<String> cmd = new ArrayList<>();
    cmd.addAll(List.of("-Dbackroom.data-dir=" + s.dataDir().toAbsolutePath(),
        "-Dquarkus.http.port=" + s.httpPort(), "-Dquarkus.http.host=127.0.0.1"));
    boolean tls = !"false".equals(s.extra().get("backroom.tls.enabled"));
    String broker;
    if (s.externalBroker() == null) {
      cmd.add("-Dbackroom.mqtt.port=" + s.mqttPort());
      broker = (tls ? "ssl://" : "tcp://") + "127.0.0.1:" + s.mqttPort();
    } else {
      cmd.add("-Dbackroom.mqtt.url=" + s.externalBroker());
      broker = s.externalBroker();
    }
    s.extra().forEach((k, v) -> cmd.add("-D" + k + "=" + v));
    cmd.add("-jar");
    cmd.add(Repo.hubJar().toString());
    Supplier<List<String>> command = () -> {
      List<String> c = new ArrayList<>(List.of(Repo.java()));
      c.addAll(eachStart.apply(s.jvmOptions()));
      c.addAll(cmd);
      return c;
    };
    HubProcess hub = new HubProcess(command, env, s.log(), s.httpPort(), broker, s.telemetryPort(),
        s.auth(), tls, s.dataDir().toAbsolutePath().resolve("tls").resolve("ca.pem"));
    hub.start();
    try {
      hub.awaitReady(Duration.ofSeconds(60));
    } catch (RuntimeException e) {
      hub.kill(); // the caller never gets a handle to stop it
      throw e;
    }
    return hub;
  }

  /** Waits for /q/health/ready, which needs the database and the broker connection. */
  public void awaitReady(Duration timeout) {
    HubApi api = api();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!isAlive()) {
        throw new IllegalStateException("hub exited during start:\n" + tail(40));
      }
      if (api.status("/q/health/ready") == 200) {
        return;
      }
      Ports.sleep(100);
    }
    throw new IllegalStateException("hub not ready within " + timeout + ":\n" + tail(40));
  }

  /** Stops the hub and starts it again on the same ports and data directory. */
  public void restart() {
    stop();
    start();
    awaitReady(Duration.ofSeconds(60));
  }

  /** Starts the process again after {@link #kill()}, on the same ports and data directory. */
  public void startAgain() {
    start();
    awaitReady(Duration.ofSeconds(60));
  }

  /** The API as the bootstrap admin (actor {@code bootstrap} in events and the audit log). */
  public HubApi api() {
    return new HubApi(baseUrl(), auth.adminToken(), tls ? caFile : null);
  }

  /** The API without credentials, to show what is refused. */
  public HubApi anonymousApi() {
    return new HubApi(baseUrl(), null, tls ? caFile : null);
  }

  /** {@code https://127.0.0.1:<port>}, or {@code http://} for a hub started with TLS off. */
  public String baseUrl() {
    return (tls ? "https" : "http") + "://127.0.0.1:" + httpPort;
  }

  public boolean tls() {
    return tls;
  }

  /** The store CA's PEM file (exists once the hub has started with TLS on). */
  public Path caFile() {
    return caFile;
  }

  /**
   * The hub's public signing key (exists once the hub has started): what an agent that is not
   * registered through this hub needs as {@code --hub-signing-key}.
   */
  public Path signingKeyFile() {
    return caFile.getParent().getParent().resolve("signing").resolve("hub-signing-key.pub.pem");
  }

  /** Sockets trusting only the store CA, for MQTT clients of the tests; null with TLS off. */
  public javax.net.ssl.SSLSocketFactory mqttTls() {
    if (!tls) {
      return null;
    }
    try {
      return dev.backroom.mqtt.tls.PinnedCa.fromFile(caFile).socketFactory();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The password of the hub's first user, {@code admin}. */
  public String adminPassword() {
    return auth.adminPassword();
  }

  /** The bootstrap admin bearer token the hub was started with. */
  public String adminToken() {
    return auth.adminToken();
  }

  public int httpPort() {
    return httpPort;
  }

  /** The hub's telemetry listener, where workloads publish {@code backroom/v1/telemetry/...}. */
  public String telemetryUri() {
    return (tls ? "ssl://" : "tcp://") + "127.0.0.1:" + telemetryPort;
  }

  /** The broker agents connect to, the hub's own or external. */
  public String brokerUri() {
    return brokerUri;
  }
}
