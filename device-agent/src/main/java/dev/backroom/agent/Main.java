package dev.backroom.agent;

import dev.backroom.agent.runtime.docker.DockerClients;
import dev.backroom.agent.runtime.docker.GpuAttachment;
import dev.backroom.agent.runtime.docker.RuntimeOptions;
import dev.backroom.config.model.DeviceAttributes;
import dev.backroom.mqtt.Liveness;
import dev.backroom.mqtt.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code java -jar backroom-agent.jar --device-id store-1-jetson}: runs until killed. */
@Command(name = "backroom-agent", mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Backroom device agent: follows this device's assignment and runs its "
        + "containers through the Docker Engine API.")
public final class Main implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--device-id", required = true,
      description = "This device's id; letters, digits, '_', '.', '-' (max 64).")
  String deviceId;

  @Option(names = "--broker", description = "MQTT broker URI, ssl://host:port (trusting only the"
      + " CA pinned at registration, <data-dir>/hub-ca.pem) or tcp://host:port (default: the"
      + " brokerUrl the hub gave at registration, else tcp://127.0.0.1:1883).")
  String broker;

  @Option(names = "--data-dir",
      description = "Where the assignment cache lives (default: ./data/agent-<device-id>).")
  Path dataDir;

  @Option(names = "--attribute", paramLabel = "KEY=VALUE",
      description = "Custom device attribute, repeatable; may override built-ins such as "
          + "ecs.cpu-architecture.")
  Map<String, String> attributes = new LinkedHashMap<>();

  @Option(names = "--arch",
      description = "Announced CPU architecture (x86_64, arm64; default: this host's).")
  String arch;

  @Option(names = "--gpus", defaultValue = "0",
      description = "GPUs announced to the hub (default: ${DEFAULT-VALUE}).")
  int gpus;

  @Option(names = "--gpu-runtime", defaultValue = "none",
      description = "How GPUs reach containers: none (accounting only), nvidia (NVIDIA"
          + " Container Toolkit device request, x86 GPU hosts) or jetson (the GPU device nodes"
          + " found under /dev at start, see --jetson-runtime) (default: ${DEFAULT-VALUE}).")
  String gpuRuntime;

  @Option(names = "--jetson-runtime", description = "With --gpu-runtime jetson: the NVIDIA"
      + " container runtime is installed (JetPack's nvidia-container-toolkit); GPU containers"
      + " also run with Docker's nvidia runtime, which mounts the host's CUDA libraries.")
  boolean jetsonRuntime;

  @Option(names = "--gpu-dev-root", paramLabel = "DIR", defaultValue = "/dev",
      description = "Where --gpu-runtime jetson looks for GPU device nodes (default:"
          + " ${DEFAULT-VALUE}).")
  Path gpuDevRoot;

  @Option(names = "--bridge-network", paramLabel = "NAME", defaultValue = "bridge",
      description = "Docker network of bridge-mode tasks (networkMode bridge, the default):"
          + " Docker's default bridge or a user-defined network (default: ${DEFAULT-VALUE}).")
  String bridgeNetwork;

  @Option(names = "--stop-timeout", paramLabel = "SECONDS", defaultValue = "30",
      description = "Seconds from SIGTERM to SIGKILL for containers without stopTimeout, as"
          + " ECS_CONTAINER_STOP_TIMEOUT (default: ${DEFAULT-VALUE}).")
  int stopTimeout;

  @Option(names = "--env-file-dir", paramLabel = "DIR", defaultValue = "/etc/backroom/env-files",
      description = "The only directory task environmentFiles are read from: each must be a"
          + " regular file (no symlink) of at most 64 KiB inside it (default: ${DEFAULT-VALUE}).")
  Path envFileDir;

  @Option(names = "--cpus", description = "CPUs announced (default: detected).")
  Integer cpus;

  @Option(names = "--memory-mib", description = "Memory announced in MiB (default: detected).")
  Long memoryMiB;

  @Option(names = "--heartbeat-interval", defaultValue = Liveness.HEARTBEAT_INTERVAL_DEFAULT,
      paramLabel = "SECONDS", description = "Heartbeat period in seconds (default:"
          + " ${DEFAULT-VALUE}); between heartbeats the MQTT keep-alive carries liveness.")
  long heartbeatSeconds;

  // Passes run on every assignment and on the engine's die/start/destroy/health events (and a
  // resubscribed event stream nudges one), so the periodic pass only catches what no event
  // announces; at 1 s it listed the device's containers every second, half of an idle agent's
  // CPU (bench/results/footprint.json).
  @Option(names = "--reconcile-interval", defaultValue = "5000", paramLabel = "MILLIS",
      description = "Periodic reconcile in milliseconds (default: ${DEFAULT-VALUE}).")
  long reconcileMillis;

  @Option(names = "--docker-host",
      description = "Docker endpoint (default: $DOCKER_HOST or unix:///var/run/docker.sock).")
  String dockerHost;

  @Option(names = "--hub-signing-key", paramLabel = "FILE", description = "The hub's public"
      + " signing key (PEM; the hub's <data-dir>/signing/hub-signing-key.pub.pem) to verify"
      + " assignments and commands with (default: the key pinned at registration,"
      + " <data-dir>/hub-signing-key.pem). The agent does not start without one.")
  Path hubSigningKey;

  /** Held so the level sticks: JUL keeps loggers only weakly. */
  private static final Logger HTTP_CLIENT_LOG = Logger.getLogger("org.apache.hc");

  public static void main(String[] args) {
    if (System.getProperty("java.util.logging.config.file") == null) {
      System.setProperty("java.util.logging.SimpleFormatter.format",
          "%1$tFT%1$tT.%1$tL %4$s %3$s: %5$s%6$s%n");
      // httpclient5 logs every retried socket error at INFO while Docker is down; the agent
      // already logs that once.
      HTTP_CLIENT_LOG.setLevel(Level.WARNING);
    }
    if (args.length > 0 && args[0].equals("register")) {
      // its own command: the agent's required flags do not apply to it
      System.exit(new CommandLine(new dev.backroom.agent.enroll.RegisterCommand())
          .execute(java.util.Arrays.copyOfRange(args, 1, args.length)));
    }
    System.exit(new CommandLine(new Main()).execute(args));
  }

  @Override
  public Integer call() throws InterruptedException {
    Agent agent;
    try {
      agent = Agent.start(toConfig());
    } catch (Agent.NotPinnedException e) {
      System.err.println(e.getMessage());
      return 2;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      agent.close();
      stopped.countDown();
    }, "agent-shutdown"));
    stopped.await();
    return 0;
  }

  /** Validates the flags and applies the defaults that depend on other flags or the host. */
  AgentConfig toConfig() {
    if (!Topics.isValidDeviceId(deviceId)) {
      throw new ParameterException(spec.commandLine(), "invalid --device-id '" + deviceId
          + "': use letters, digits, '_', '.', '-' (max 64), starting with a letter or digit");
    }
    if (!GpuAttachment.NAMES.contains(gpuRuntime)) {
      throw new ParameterException(spec.commandLine(), "unknown --gpu-runtime " + gpuRuntime
          + " (expected none, nvidia or jetson)");
    }
    if (jetsonRuntime && !"jetson".equals(gpuRuntime)) {
      throw new ParameterException(spec.commandLine(),
          "--jetson-runtime needs --gpu-runtime jetson");
    }
    if (gpus < 0 || heartbeatSeconds < 1 || reconcileMillis < 10 || stopTimeout < 0) {
      throw new ParameterException(spec.commandLine(), "--gpus must be >= 0,"
          + " --heartbeat-interval >= 1, --reconcile-interval >= 10, --stop-timeout >= 0");
    }
    if (bridgeNetwork.isBlank()) {
      throw new ParameterException(spec.commandLine(), "--bridge-network must name a network");
    }
    Path dir = dataDir != null ? dataDir : Path.of("data", "agent-" + deviceId);
    return new AgentConfig(deviceId, broker != null ? broker : registeredBroker(dir),
        dir,
        attributes,
        arch != null ? DeviceAttributes.ecsArchitecture(arch) : HostInfo.arch(),
        gpus, gpuRuntime,
        cpus != null ? cpus : HostInfo.cpus(),
        memoryMiB != null ? memoryMiB : HostInfo.memoryMiB(),
        Duration.ofSeconds(heartbeatSeconds), Duration.ofMillis(reconcileMillis),
        dockerHost != null ? dockerHost : DockerClients.defaultHost(), hubSigningKey,
        RuntimeOptions.defaults().withBridgeNetwork(bridgeNetwork).withStopTimeout(stopTimeout)
            .withEnvFileDir(envFileDir),
        gpuDevRoot, jetsonRuntime);
  }

  private static String registeredBroker(Path dir) {
    try {
      return dev.backroom.agent.enroll.DeviceCredentialFile.read(dir)
          .map(dev.backroom.agent.enroll.DeviceCredentialFile::brokerUrl)
          .orElse("tcp://127.0.0.1:1883");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot read the device credential in " + dir, e);
    }
  }

  /** Reports the jar's Implementation-Version. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"backroom-agent " + HostInfo.agentVersion()};
    }
  }
}
