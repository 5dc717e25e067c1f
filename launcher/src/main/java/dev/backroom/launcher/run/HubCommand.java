package dev.backroom.launcher.run;

import dev.backroom.harness.Repo;
import dev.backroom.launcher.ClassArchive;
import dev.backroom.launcher.JavaOptions;
import dev.backroom.launcher.Launch;
import dev.backroom.launcher.Main;
import dev.backroom.launcher.activation.ActivationCommand;
import dev.backroom.launcher.enroll.HubEnrollCommand;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code backroom hub}: the store hub in the foreground. */
@Command(name = "hub", header = "Runs the store hub in the foreground.", mixinStandardHelpOptions = true, versionProvider = Main.Version.class, sortOptions = false,
    subcommands = {HubEnrollCommand.class, ActivationCommand.class},
    description = {"Runs the hub in the foreground: java $BACKROOM_HUB_JAVA_OPTS -D... -jar"
        + " hub/target/quarkus-app/quarkus-run.jar, in the repository root.",
        "Each flag sets the hub property its description names. A flag left out sets nothing:"
            + " the hub's own default applies (hub/src/main/resources/application.properties:"
            + " data ./data/hub under the repository root, HTTPS 127.0.0.1:8080, its Mosquitto"
            + " on 127.0.0.1:1883, telemetry on 1884). Paths are relative to the current"
            + " directory."},
    footer = {"",
        "TLS is on unless --no-tls: the first start creates a store CA in <data-dir>/tls (ca.pem;"
            + " keys mode 0600), the API is HTTPS only, the hub's Mosquitto and the telemetry"
            + " listener are ssl:// on their ports. Agents pin the CA at registration. The hub"
            + " syncs with the cloud when <data-dir>/cloud-identity.json exists: see"
            + " ./backroom hub enroll --help.",
        "The API needs a login or bearer token. The first start creates user admin with the"
            + " password in BACKROOM_AUTH_ADMIN_PASSWORD (or -Dbackroom.auth.admin-password),"
            + " else a generated one printed once in the log; BACKROOM_AUTH_BOOTSTRAP_TOKEN sets"
            + " an admin bearer token. See docs/security.md."})
public final class HubCommand implements Callable<Integer> {
  @Option(names = "--data-dir", paramLabel = "DIR", description = "backroom.data-dir")
  Path dataDir;

  @Option(names = "--http-port", paramLabel = "N", converter = Flags.Port.class,
      description = "quarkus.http.port")
  Integer httpPort;

  @Option(names = "--http-host", paramLabel = "H", description = "quarkus.http.host")
  String httpHost;

  @Option(names = "--mqtt-port", paramLabel = "N", converter = Flags.Port.class,
      description = "backroom.mqtt.port: the hub's Mosquitto")
  Integer mqttPort;

  @Option(names = "--mqtt-host", paramLabel = "H",
      description = "backroom.mqtt.host: the hub's Mosquitto bind address")
  String mqttHost;

  @Option(names = "--broker-url", paramLabel = "URL",
      description = "backroom.mqtt.url: an external broker, e.g. tcp://127.0.0.1:1884; the hub"
          + " then runs no Mosquitto of its own")
  String brokerUrl;

  @Option(names = "--mosquitto-binary", paramLabel = "FILE", converter = Flags.Executable.class,
      description = "backroom.mqtt.mosquitto-binary (default: mosquitto on PATH or in"
          + " /usr/sbin; apt-get install mosquitto)")
  Path mosquittoBinary;

  @Option(names = "--heartbeat-timeout", paramLabel = "SECONDS", converter = Flags.Seconds.class,
      description = "backroom.devices.heartbeat-timeout")
  String heartbeatTimeout;

  @Option(names = "--telemetry-port", paramLabel = "N", converter = Flags.Port.class,
      description = "backroom.telemetry.port: the MQTT listener for workloads' telemetry")
  Integer telemetryPort;

  @Option(names = "--tls-extra-names", paramLabel = "LIST",
      description = "backroom.tls.extra-names: names/IPs the server certificate carries besides"
          + " localhost, 127.0.0.1, ::1 and the host name")
  String tlsExtraNames;

  @Option(names = "--mqtt-plain-port", paramLabel = "N", converter = Flags.Port.class,
      description = "backroom.mqtt.plain-port: an extra plain MQTT listener (none by default)")
  Integer mqttPlainPort;

  @Option(names = "--broker-ca-file", paramLabel = "FILE", converter = Flags.ExistingFile.class,
      description = "backroom.mqtt.ca-file: the CA trusted for an ssl:// --broker-url")
  Path brokerCaFile;

  @Option(names = "--no-tls",
      description = "backroom.tls.enabled=false: plain MQTT and plain HTTP (explicit only)")
  boolean noTls;

  @Option(names = "-D", paramLabel = "key=value",
      description = "passed to the hub as it is, after the flags (so it wins)")
  Map<String, String> properties = new LinkedHashMap<>();

  /** The hub's {@code -D} arguments for the flags given, in flag order, pass-throughs last. */
  public List<String> systemProperties() {
    return new Flags()
        .set("backroom.data-dir", Flags.absolute(dataDir))
        .set("quarkus.http.port", httpPort)
        .set("quarkus.http.host", httpHost)
        .set("backroom.mqtt.port", mqttPort)
        .set("backroom.mqtt.host", mqttHost)
        .set("backroom.mqtt.url", brokerUrl)
        .set("backroom.mqtt.mosquitto-binary", Flags.absolute(mosquittoBinary))
        .set("backroom.devices.heartbeat-timeout", heartbeatTimeout)
        .set("backroom.telemetry.port", telemetryPort)
        .set("backroom.tls.extra-names", tlsExtraNames)
        .set("backroom.mqtt.plain-port", mqttPlainPort)
        .set("backroom.mqtt.ca-file", Flags.absolute(brokerCaFile))
        .set("backroom.tls.enabled", noTls ? "false" : null)
        .passThrough(properties)
        .properties();
  }

  @Override
  public Integer call() {
    Map<String, String> env = System.getenv();
    Path jar = Repo.hubJar();
    List<String> jvm = ClassArchive.options(dataDirectory(env).resolve("cds"), "hub", jar,
        JavaOptions.hub(env));
    return Launch.java(JavaOptions.hubEnvironment(env), jvm, systemProperties(),
        List.of("-jar", jar.toString())).run();
  }

  /**
   * The hub's data directory, where its class archive ({@link ClassArchive}) lives too: the
   * flag, else {@code -D backroom.data-dir}, else BACKROOM_DATA_DIR, else the hub's default
   * ./data/hub (relative paths of the last three resolve in the repository root, the hub's
   * working directory).
   */
  Path dataDirectory(Map<String, String> env) {
    if (dataDir != null) {
      return dataDir.toAbsolutePath();
    }
    String set = properties.getOrDefault("backroom.data-dir", env.get("BACKROOM_DATA_DIR"));
    return Repo.root().resolve(set == null || set.isBlank() ? "data/hub" : set).normalize();
  }
}
