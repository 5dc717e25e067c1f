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
 * @param containers how containers are created: bridge network, default stop timeout,
 *     environment-file directory. Its GPU attachment and workload environment stay empty here:
 *     {@link Agent} fills them in at start, from {@code gpuRuntime} (a jetson attachment looks
 *     for device nodes then) and from the device credential
 * @param gpuDevRoot where jetson GPU device nodes are looked for ({@code /dev})
 * @param jetsonRuntime whether the NVIDIA container runtime is installed on a Jetson
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
    RuntimeOptions containers,
    Path gpuDevRoot,
    boolean jetsonRuntime) {

  public static final Path DEV = Path.of("/dev");

  public AgentConfig {
    attributes = Map.copyOf(new TreeMap<>(attributes));
    containers = containers == null ? RuntimeOptions.defaults() : containers;
    gpuDevRoot = gpuDevRoot == null ? DEV : gpuDevRoot;
  }

  /** Defaults as the CLI has them, with the host's detected resources. */
  public static AgentConfig defaults(String deviceId, String brokerUri, Path dataDir,
      String dockerHost) {
    return new AgentConfig(deviceId, brokerUri, dataDir, Map.of(), HostInfo.arch(), 0, "none",
        HostInfo.cpus(), HostInfo.memoryMiB(), Duration.ofSeconds(5), Duration.ofSeconds(1),
        dockerHost, null, RuntimeOptions.defaults(), DEV, false);
  }

  public AgentConfig withIntervals(Duration heartbeat, Duration reconcile) {
    return new AgentConfig(deviceId, brokerUri, dataDir, attributes, arch, gpus, gpuRuntime, cpus,
        memoryMiB, heartbeat, reconcile, dockerHost, hubSigningKey, containers,
        gpuDevRoot, jetsonRuntime);
  }

  public AgentConfig withBroker(String uri) {
    return new AgentConfig(deviceId, uri, dataDir, attributes, arch, gpus, gpuRuntime, cpus,
        memoryMiB, heartbeatInterval, reconcileInterval, dockerHost, hubSigningKey, containers,
        gpuDevRoot, jetsonRuntime);
  }

  public AgentConfig withHubSigningKey(Path file) {
    return new AgentConfig(deviceId, brokerUri, dataDir, attributes, arch, gpus, gpuRuntime, cpus,
        memoryMiB, heartbeatInterval, reconcileInterval, dockerHost, file, containers,
        gpuDevRoot, jetsonRuntime);
  }

  /** This config creating containers with {@code options} (tests keep the stop timeout short). */
  public AgentConfig withContainers(RuntimeOptions options) {
    return new AgentConfig(deviceId, brokerUri, dataDir, attributes, arch, gpus, gpuRuntime, cpus,
        memoryMiB, heartbeatInterval, reconcileInterval, dockerHost, hubSigningKey, options,
        gpuDevRoot, jetsonRuntime);
  }
}
