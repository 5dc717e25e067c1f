package dev.backroom.agent;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything the agent is told at start. Built by {@link Main} from flags, or directly by tests.
 *
 * @param attributes custom device attributes; may override the built-in ones
 * @param arch ECS architecture name (x86_64, arm64) announced to the hub
 * @param gpuRuntime none (accounting only) or nvidia
 * @param hubSigningKey the hub's public signing key (PEM) to verify assignments and commands
 *     with, given explicitly; null for the one pinned at registration,
 *     {@code <dataDir>/hub-signing-key.pem}
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
    Path hubSigningKey) {

  public AgentConfig {
    attributes = Map.copyOf(new TreeMap<>(attributes));
  }

  /** Defaults as the CLI has them, with the host's detected resources. */
  public static AgentConfig defaults(String deviceId, String brokerUri, Path dataDir,
      String dockerHost) {
    return new AgentConfig(deviceId, brokerUri, dataDir, Map.of(), HostInfo.arch(), 0, "none",
        HostInfo.cpus(), HostInfo.memoryMiB(), Duration.ofSeconds(5), Duration.ofSeconds(1),
        dockerHost, null);
  }

  public AgentConfig withIntervals(Duration heartbeat, Duration reconcile) {
    return new AgentConfig(deviceId, brokerUri, dataDir, attributes, arch, gpus, gpuRuntime, cpus,
        memoryMiB, heartbeat, reconcile, dockerHost, hubSigningKey);
  }

  public AgentConfig withBroker(String uri) {
    return new AgentConfig(deviceId, uri, dataDir, attributes, arch, gpus, gpuRuntime, cpus,
        memoryMiB, heartbeatInterval, reconcileInterval, dockerHost, hubSigningKey);
  }

  public AgentConfig withHubSigningKey(Path file) {
    return new AgentConfig(deviceId, brokerUri, dataDir, attributes, arch, gpus, gpuRuntime, cpus,
        memoryMiB, heartbeatInterval, reconcileInterval, dockerHost, file);
  }
}
