package dev.backroom.launcher.demo;

import dev.backroom.harness.Repo;
import dev.backroom.launcher.Main;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code backroom demo}: a local cloud, an enrolled hub and one agent, until Ctrl-C. */
@Command(name = "demo", header = "Local cloud + enrolled hub + one agent, until Ctrl-C.", mixinStandardHelpOptions = true,
    subcommands = DemoRestartCommand.class, versionProvider = Main.Version.class, sortOptions = false,
    description = {"Starts a local cloud (H2 under DATA/cloud, log DATA/cloud.log, HTTP"
        + " 127.0.0.1:--cloud-port, admin token in DATA/cloud-admin-token), creates store"
        + " demo-store and an activation there, enrols the hub with it (once:"
        + " DATA/hub/cloud-identity.json), starts the hub (data DATA/hub, log DATA/hub.log, HTTPS"
        + " 127.0.0.1:--http-port, its Mosquitto over TLS 127.0.0.1:--mqtt-port, telemetry MQTT"
        + " over TLS 127.0.0.1:--telemetry-port), creates a device activation on the hub and"
        + " registers one agent with it, demo-device-1 (once:"
        + " DATA/agent-demo-device-1/device-credential.json; log DATA/agent.log), starts the"
        + " agent, prints commands to try, and runs until Ctrl-C. A part that dies is reported"
        + " and the others keep running (containers too); `./backroom demo restart hub|agent|cloud`"
        + " brings it back. On exit it stops the agent, the hub and the cloud.",
        "The ./backroom script first builds what is missing, finds a Docker engine (or starts a"
            + " private one under data/docker in the repository root, and stops it afterwards) and builds the"
            + " backroom/busybox:1 image.",
        "The hub's API needs authentication: the demo keeps the admin password and an admin"
            + " bearer token in DATA/hub-admin-password and DATA/hub-admin-token (mode 0600) and"
            + " prints both. It runs on TLS as production does: the store CA is DATA/hub/tls/ca.pem"
            + " (the agent pins it at registration; the printed curl and mosquitto_pub commands"
            + " pass it)."})
public final class DemoCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--http-port", paramLabel = "N", defaultValue = "8080",
      description = "the hub's HTTPS port (default ${DEFAULT-VALUE})")
  int httpPort;

  @Option(names = "--mqtt-port", paramLabel = "N", defaultValue = "1883",
      description = "the hub's Mosquitto (default ${DEFAULT-VALUE})")
  int mqttPort;

  @Option(names = "--telemetry-port", paramLabel = "N", defaultValue = "1884",
      description = "the hub's telemetry listener (default ${DEFAULT-VALUE})")
  int telemetryPort;

  @Option(names = "--cloud-port", paramLabel = "N", defaultValue = "8090",
      description = "the cloud's HTTP port (default ${DEFAULT-VALUE})")
  int cloudPort;

  @Option(names = "--data-dir", paramLabel = "DATA",
      description = "where the demo keeps everything (default: data in the repository root)")
  Path dataDir;

  @Option(names = "--insecure",
      description = "turns hub authentication off (backroom.auth.enabled=false): anyone who"
          + " reaches the port is an admin; the hub's broker and telemetry listener accept"
          + " anonymous clients with no ACL (backroom.mqtt.allow-anonymous=true); and every link"
          + " is plain HTTP/MQTT (backroom.tls.enabled=false). The agent is registered either"
          + " way. For a local try-out only, never on a store LAN.")
  boolean insecure;

  @Override
  public Integer call() {
    // Fail before starting anything, rather than with a bind error deep in the hub's log.
    free("--http-port", httpPort, " (another hub?)");
    free("--mqtt-port", mqttPort, " (a mosquitto?)");
    free("--telemetry-port", telemetryPort, "");
    free("--cloud-port", cloudPort, " (another cloud?)");
    Path data = (dataDir != null ? dataDir : Repo.root().resolve("data")).toAbsolutePath();
    Demo.Ports ports = new Demo.Ports(httpPort, mqttPort, telemetryPort, cloudPort);
    return new Demo(data, ports, insecure, System.getenv()).run();
  }

  private void free(String flag, int port, String guess) {
    if (port < 1 || port > 65535) {
      throw new ParameterException(spec.commandLine(), flag + " must be a port number");
    }
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 500);
    } catch (IOException e) {
      return;
    }
    throw new ParameterException(spec.commandLine(),
        "127.0.0.1:" + port + " is in use" + guess + "; try " + flag);
  }
}
