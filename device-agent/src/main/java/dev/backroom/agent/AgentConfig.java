package dev.backroom.agent;

import dev.backroom.agent.runtime.docker.RuntimeOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything the agent is told at start. Built by {@link Main} from flags, or directly by tests.
 *
 * @param attributes custom device attributes; may override the built-in ones
 * @param arch ECS architecture name (x86_64, arm64) announced to the hub
 * @param gpuRuntime none (accounting only), nvidia (NVIDIA Container Toolkit device request)
 *     or jetson (device nodes found under {@code gpuDevRoot}, plus the nvidia runtime when
 *     {@code jetsonRuntime})
 * @param hubSigningKey the hub's public signing key (PEM) to verify assignments and commands
 *     with, given explicitly; null for the one pinned at registration,
 *     {@code <dataDir>/hub-signing-key.pem}
 * @param bridgeNetwork the Docker network of bridge-mode tasks
 * @param stopTimeoutSeconds SIGTERM-to-SIGKILL grace for containers without stopTimeout
 * @param gpuDevRoot where jetson GPU device nodes are looked for ({@code /dev})
 * @param jetsonRuntime whether the NVIDIA container runtime is installed on a Jetson
 * @param envFileDir the only directory task {@code environmentFiles} are read from
 */
public record AgentConfig(
    String deviceId,
    String brokerUri,
    Path dataDir,
    Map<String, String> attributes,
    String arch,
    int gpus,
    String gpuRuntime,
    int cpus,
    long memoryMiB,
    Duration heartbeatInterval,
    Duration reconcileInterval,
    String dockerHost,
    Path hubSigningKey,
    String bridgeNetwork,
    int stopTimeoutSeconds,
    Path gpuDevRoot,
    boolean jetsonRuntime,
    Path envFileDir) {

  public static final Path DEV = Path.of("/dev");

  public AgentConfig {
    attributes = Map.copyOf(new TreeMap<>(attributes));
    bridgeNetwork = bridgeNetwork == null ? RuntimeOptions.DEFAULT_BRIDGE : bridgeNetwork;
    gpuDevRoot = gpuDevRoot == null ? DEV : gpuDevRoot;
    envFileDir = envFileDir == null ? RuntimeOptions.DEFAULT_ENV_FILE_DIR : envFileDir;
  }

  /** Defaults as the CLI has them, with the host's detected resources. */
  public static AgentConfig defaults(String deviceId, String brokerUri, Path dataDir,
      String dockerHost) {
    return new AgentConfig(deviceId, brokerUri, dataDir, Map.of(), HostInfo.arch(), 0, "none",
        HostInfo.cpus(), HostInfo.memoryMiB(), Duration.ofSeconds(5), Duration.ofSeconds(1),
        dockerHost, null, RuntimeOptions.DEFAULT_BRIDGE, RuntimeOptions.DEFAULT_STOP_TIMEOUT_S,
        DEV, false, RuntimeOptions.DEFAULT_ENV_FILE_DIR);
  }

  public AgentConfig withIntervals(Duration heartbeat, Duration reconcile) {
    return new AgentConfig(deviceId, brokerUri, dataDir, attributes, arch, gpus, gpuRuntime, cpus,
        memoryMiB, heartbeat, reconcile, dockerHost, hubSigningKey, bridgeNetwork,
        stopTimeoutSeconds, gpuDevRoot, jetsonRuntime, envFileDir);
  }

  public AgentConfig withBroker(String uri) {
    return new AgentConfig(deviceId, uri, dataDir, attributes, arch, gpus, gpuRuntime, cpus,
        memoryMiB, heartbeatInterval, reconcileInterval, dockerHost, hubSigningKey, bridgeNetwork,
        stopTimeoutSeconds, gpuDevRoot, jetsonRuntime, envFileDir);
  }

  public AgentConfig withHubSigningKey(Path file) {
    return new AgentConfig(deviceId, brokerUri, dataDir, attributes, arch, gpus, gpuRuntime, cpus,
        memoryMiB, heartbeatInterval, reconcileInterval, dockerHost, file, bridgeNetwork,
        stopTimeoutSeconds, gpuDevRoot, jetsonRuntime, envFileDir);
  }

  /** This config with another bridge network and default stop timeout (tests keep it short). */
  public AgentConfig withContainerDefaults(String network, int stopTimeout) {
    return new AgentConfig(deviceId, brokerUri, dataDir, attributes, arch, gpus, gpuRuntime, cpus,
        memoryMiB, heartbeatInterval, reconcileInterval, dockerHost, hubSigningKey, network,
        stopTimeout, gpuDevRoot, jetsonRuntime, envFileDir);
  }

  /** This config reading task environment files from {@code dir}. */
  public AgentConfig withEnvFileDir(Path dir) {
    return new AgentConfig(deviceId, brokerUri, dataDir, attributes, arch, gpus, gpuRuntime, cpus,
        memoryMiB, heartbeatInterval, reconcileInterval, dockerHost, hubSigningKey, bridgeNetwork,
        stopTimeoutSeconds, gpuDevRoot, jetsonRuntime, dir);
  }
}
