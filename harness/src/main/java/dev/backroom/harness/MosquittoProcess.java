package dev.backroom.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A real Mosquitto on a free loopback port, as the external broker of a hub: plain (anonymous
 * clients allowed, no ACLs), secured (dynamic-security plugin, anonymous refused, default deny;
 * the hub sets up roles and accounts through the plugin's admin, see {@link #hubSettings()}), or
 * started from a configuration the caller wrote (the hub's own tests, whose configuration comes
 * from the hub's code).
 */
public final class MosquittoProcess extends ManagedProcess {
  private static final String HUB_USERNAME = "hub";
  private static final String ADMIN_USERNAME = "backroom-dynsec-admin";

  private final int port;
  private final String adminPassword;
  private final String hubPassword;

  private MosquittoProcess(List<String> command, Path log, int port, String adminPassword) {
    super("mosquitto", command, log);
    this.port = port;
    this.adminPassword = adminPassword;
    this.hubPassword = adminPassword == null ? null : UUID.randomUUID().toString();
  }

  /** Finds the binary: {@code BACKROOM_MOSQUITTO}, then /usr/sbin, then PATH. Fails clearly. */
  public static String binary() {
    String env = System.getenv("BACKROOM_MOSQUITTO");
    if (env != null && Files.isExecutable(Path.of(env))) {
      return env;
    }
    for (String dir : (System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/usr/local/sbin").split(":")) {
      Path p = Path.of(dir.isEmpty() ? "." : dir, "mosquitto");
      if (Files.isExecutable(p)) {
        return p.toString();
      }
    }
    throw new IllegalStateException("mosquitto is not installed: this test needs a real Mosquitto"
        + " (apt-get install mosquitto, or set BACKROOM_MOSQUITTO); .ci/run installs it");
  }

  public static MosquittoProcess start(Path dir) {
    int port = Ports.free();
    Path conf = dir.resolve("mosquitto.conf");
    try {
      Files.createDirectories(dir);
      // max_queued_messages: the default of 1000 silently drops QoS 1 messages to slow clients.
      Files.writeString(conf, String.join("\n",
          "listener " + port + " 127.0.0.1",
          "allow_anonymous true",
          "persistence false",
          "max_queued_messages 100000",
          "log_dest stdout",
          "log_type error", "log_type warning", "log_type notice", ""));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return launch(conf, dir, port, null);
  }

  /**
   * A Mosquitto with the dynamic-security plugin whose only account is its admin (config from
   * {@link OperatorMosquittoFiles}); fails clearly when the plugin is not installed.
   */
  public static MosquittoProcess startSecured(Path dir) {
    int port = Ports.free();
    String admin = UUID.randomUUID().toString();
    Path conf = OperatorMosquittoFiles.write(dir, port, ADMIN_USERNAME, admin.toCharArray());
    return launch(conf, dir, port, admin);
  }

  /**
   * A Mosquitto from {@code conf}, written by the caller to listen on {@code port} of 127.0.0.1
   * (take one from {@link Ports#free()}); its log is {@code mosquitto.log} beside {@code conf}.
   * {@link #hubSettings()} is empty: the caller knows the accounts it configured.
   */
  public static MosquittoProcess startWith(Path conf, int port) {
    return launch(conf, conf.toAbsolutePath().getParent(), port, null);
  }

  private static MosquittoProcess launch(Path conf, Path dir, int port, String adminPassword) {
    MosquittoProcess m = new MosquittoProcess(List.of(binary(), "-c", conf.toString()),
        dir.resolve("mosquitto.log"), port, adminPassword);
    m.start();
    try {
      Ports.awaitOpen(port, Duration.ofSeconds(10), m.process(), "mosquitto");
    } catch (IllegalStateException e) {
      // Mosquitto says why it did not start (bad config line, missing plugin, port taken).
      m.kill();
      throw new IllegalStateException(e.getMessage() + ":\n" + m.tail(40), e);
    }
    return m;
  }

  public boolean secured() {
    return adminPassword != null;
  }

  /**
   * Hub settings for {@code HubProcess.start(..., settings)} (environment variables, so a hub
   * without them ignores them): the hub's own identity and the plugin's admin. Empty when plain.
   */
  public Map<String, String> hubSettings() {
    if (!secured()) {
      return Map.of();
    }
    return Map.of("backroom.mqtt.username", HUB_USERNAME, "backroom.mqtt.password", hubPassword,
        "backroom.mqtt.dynsec.admin-username", ADMIN_USERNAME,
        "backroom.mqtt.dynsec.admin-password", adminPassword);
  }

  public String uri() {
    return "tcp://127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }
}
