package dev.backroom.agent;

import dev.backroom.agent.runtime.docker.DockerClients;
import dev.backroom.agent.runtime.docker.GpuAttachment;
import dev.backroom.agent.runtime.docker.RuntimeOptions;
import dev.backroom.config.model.DeviceAttributes;
import dev.backroom.mqtt.Liveness;
import dev.backroom.mqtt.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;
import java.util.logging.Logger;

/** {@code java -jar backroom-agent.jar --device-id store-1-jetson}: runs until killed. */
public final class Main {
  private static final String SYNOPSIS = "Usage: backroom-agent --device-id ID [options]\n"
      + "       backroom-agent register --help\n"
      + "Backroom device agent: follows this device's assignment and runs its containers through"
      + " the Docker Engine API.";

  static final List<Flags.Flag> FLAGS = List.of(
      flag("--device-id", "ID", "This device's id; letters, digits, '_', '.', '-' (max 64)."
          + " Required."),
      flag("--broker", "URI", "MQTT broker URI, ssl://host:port (trusting only the CA pinned at"
          + " registration, <data-dir>/hub-ca.pem) or tcp://host:port (default: the brokerUrl the"
          + " hub gave at registration, else tcp://127.0.0.1:1883)."),
      flag("--data-dir", "DIR", "Where the assignment cache lives (default:"
          + " ./data/agent-<device-id>)."),
      new Flags.Flag("--attribute", "KEY=VALUE", true, "Custom device attribute, repeatable; may"
          + " override built-ins such as ecs.cpu-architecture."),
      flag("--arch", "ARCH", "Announced CPU architecture (x86_64, arm64; default: this host's)."),
      flag("--gpus", "N", "GPUs announced to the hub (default: 0)."),
      flag("--gpu-runtime", "KIND", "How GPUs reach containers: none (accounting only), nvidia"
          + " (NVIDIA Container Toolkit device request, x86 GPU hosts) or jetson (the GPU device"
          + " nodes found under /dev at start, see --jetson-runtime) (default: none)."),
      flag("--jetson-runtime", null, "With --gpu-runtime jetson: the NVIDIA container runtime is"
          + " installed (JetPack's nvidia-container-toolkit); GPU containers also run with"
          + " Docker's nvidia runtime, which mounts the host's CUDA libraries."),
      flag("--gpu-dev-root", "DIR", "Where --gpu-runtime jetson looks for GPU device nodes"
          + " (default: /dev)."),
      flag("--bridge-network", "NAME", "Docker network of bridge-mode tasks (networkMode bridge,"
          + " the default): Docker's default bridge or a user-defined network (default: bridge)."),
      flag("--stop-timeout", "SECONDS", "Seconds from SIGTERM to SIGKILL for containers without"
          + " stopTimeout, as ECS_CONTAINER_STOP_TIMEOUT (default: 30)."),
      flag("--env-file-dir", "DIR", "The only directory task environmentFiles are read from: each"
          + " must be a regular file (no symlink) of at most 64 KiB inside it (default:"
          + " /etc/backroom/env-files)."),
      flag("--cpus", "N", "CPUs announced (default: detected)."),
      flag("--memory-mib", "MIB", "Memory announced in MiB (default: detected)."),
      flag("--heartbeat-interval", "SECONDS", "Heartbeat period in seconds (default: "
          + Liveness.HEARTBEAT_INTERVAL_DEFAULT + "); between heartbeats the MQTT keep-alive"
          + " carries liveness."),
      // Passes run on every assignment and on the engine's die/start/destroy/health events (and
      // a resubscribed event stream nudges one), so the periodic pass only catches what no event
      // announces; at 1 s it listed the device's containers every second, half of an idle
      // agent's CPU (bench/results/footprint.json).
      flag("--reconcile-interval", "MILLIS", "Periodic reconcile in milliseconds (default:"
          + " 5000)."),
      flag("--docker-host", "URI", "Docker endpoint (default: $DOCKER_HOST or"
          + " unix:///var/run/docker.sock)."),
      flag("--hub-signing-key", "FILE", "The hub's public signing key (PEM; the hub's"
          + " <data-dir>/signing/hub-signing-key.pub.pem) to verify assignments and commands with"
          + " (default: the key pinned at registration, <data-dir>/hub-signing-key.pem). The"
          + " agent does not start without one."),
      flag("--help", null, "Show this help and exit."),
      flag("--version", null, "Print the version and exit."));

  private static Flags.Flag flag(String name, String label, String help) {
    return new Flags.Flag(name, label, false, help);
  }

  /** Held so the level sticks: JUL keeps loggers only weakly. */
  private static final Logger HTTP_CLIENT_LOG = Logger.getLogger("org.apache.hc");

  private Main() {}

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
      System.exit(new picocli.CommandLine(new dev.backroom.agent.enroll.RegisterCommand())
          .execute(java.util.Arrays.copyOfRange(args, 1, args.length)));
    }
    System.exit(run(args));
  }

  /**
   * Runs the agent until the JVM is asked to stop. Exit code 0 after a clean stop (or help), 2
   * for a wrong command line or a missing hub signing key (the message on stderr).
   */
  static int run(String... args) {
    AgentConfig config;
    try {
      Flags f = Flags.parse(FLAGS, normalized(args));
      if (f.has("--help")) {
        System.out.print(Flags.usage(SYNOPSIS, FLAGS));
        return 0;
      }
      if (f.has("--version")) {
        System.out.println("backroom-agent " + HostInfo.agentVersion());
        return 0;
      }
      config = toConfig(f);
    } catch (Flags.UsageException e) {
      System.err.println(e.getMessage() + " (see backroom-agent --help)");
      return 2;
    }
    Agent agent;
    try {
      agent = Agent.start(config);
    } catch (Agent.NotPinnedException e) {
      System.err.println(e.getMessage());
      return 2;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      agent.close();
      stopped.countDown();
    }, "agent-shutdown"));
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }

  /** The short forms picocli used to accept. */
  private static String[] normalized(String[] args) {
    return java.util.Arrays.stream(args)
        .map(a -> a.equals("-h") ? "--help" : a.equals("-V") ? "--version" : a)
        .toArray(String[]::new);
  }

  /** The configuration a command line asks for (tests); throws {@link Flags.UsageException}. */
  static AgentConfig config(String... args) {
    return toConfig(Flags.parse(FLAGS, normalized(args)));
  }

  /** Validates the flags and applies the defaults that depend on other flags or the host. */
  private static AgentConfig toConfig(Flags f) {
    String deviceId = f.required("--device-id");
    if (!Topics.isValidDeviceId(deviceId)) {
      throw new Flags.UsageException("invalid --device-id '" + deviceId
          + "': use letters, digits, '_', '.', '-' (max 64), starting with a letter or digit");
    }
    String gpuRuntime = f.string("--gpu-runtime", "none");
    if (!GpuAttachment.NAMES.contains(gpuRuntime)) {
      throw new Flags.UsageException("unknown --gpu-runtime " + gpuRuntime
          + " (expected none, nvidia or jetson)");
    }
    boolean jetsonRuntime = f.has("--jetson-runtime");
    if (jetsonRuntime && !"jetson".equals(gpuRuntime)) {
      throw new Flags.UsageException("--jetson-runtime needs --gpu-runtime jetson");
    }
    long gpus = f.number("--gpus", 0L);
    long heartbeatSeconds = f.number("--heartbeat-interval",
        Long.valueOf(Liveness.HEARTBEAT_INTERVAL_DEFAULT));
    long reconcileMillis = f.number("--reconcile-interval", 5000L);
    long stopTimeout = f.number("--stop-timeout", 30L);
    if (gpus < 0 || heartbeatSeconds < 1 || reconcileMillis < 10 || stopTimeout < 0
        || gpus > Integer.MAX_VALUE || stopTimeout > Integer.MAX_VALUE) {
      throw new Flags.UsageException("--gpus must be >= 0,"
          + " --heartbeat-interval >= 1, --reconcile-interval >= 10, --stop-timeout >= 0");
    }
    String bridgeNetwork = f.string("--bridge-network", "bridge");
    if (bridgeNetwork.isBlank()) {
      throw new Flags.UsageException("--bridge-network must name a network");
    }
    Long cpus = f.number("--cpus", null);
    Long memoryMiB = f.number("--memory-mib", null);
    String arch = f.string("--arch", null);
    String broker = f.string("--broker", null);
    String dockerHost = f.string("--docker-host", null);
    Path dataDir = f.path("--data-dir", null);
    Path dir = dataDir != null ? dataDir : Path.of("data", "agent-" + deviceId);
    return new AgentConfig(deviceId, broker != null ? broker : registeredBroker(dir),
        dir,
        f.keyValues("--attribute"),
        arch != null ? DeviceAttributes.ecsArchitecture(arch) : HostInfo.arch(),
        (int) gpus, gpuRuntime,
        cpus != null ? cpus.intValue() : HostInfo.cpus(),
        memoryMiB != null ? memoryMiB : HostInfo.memoryMiB(),
        Duration.ofSeconds(heartbeatSeconds), Duration.ofMillis(reconcileMillis),
        dockerHost != null ? dockerHost : DockerClients.defaultHost(),
        f.path("--hub-signing-key", null),
        RuntimeOptions.defaults().withBridgeNetwork(bridgeNetwork)
            .withStopTimeout((int) stopTimeout)
            .withEnvFileDir(f.path("--env-file-dir", "/etc/backroom/env-files")),
        f.path("--gpu-dev-root", "/dev"), jetsonRuntime);
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
}
