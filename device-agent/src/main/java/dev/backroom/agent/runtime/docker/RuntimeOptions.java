package dev.backroom.agent.runtime.docker;

import java.nio.file.Path;
import java.util.List;

/**
 * How this agent creates containers, fixed at start.
 *
 * @param bridgeNetwork the Docker network bridge-mode tasks join: Docker's default {@code bridge},
 *     or a user-defined one (an engine started with {@code --bridge=none} has no default)
 * @param defaultStopTimeoutSeconds SIGTERM-to-SIGKILL grace for containers without
 *     {@code stopTimeout}; ECS's default is 30 s ({@code ECS_CONTAINER_STOP_TIMEOUT})
 * @param gpus how granted GPUs reach a container
 * @param workloadEnv added to every container's environment (the telemetry credential); the
 *     task's own variables win over these
 * @param envFileDir the only directory {@code environmentFiles} are read from (see
 *     {@link EnvFiles})
 */
public record RuntimeOptions(String bridgeNetwork, int defaultStopTimeoutSeconds,
    GpuAttachment gpus, List<String> workloadEnv, Path envFileDir) {
  public static final String DEFAULT_BRIDGE = "bridge";
  public static final int DEFAULT_STOP_TIMEOUT_S = 30;
  public static final Path DEFAULT_ENV_FILE_DIR = Path.of("/etc/backroom/env-files");

  public RuntimeOptions {
    bridgeNetwork = bridgeNetwork == null || bridgeNetwork.isBlank() ? DEFAULT_BRIDGE
        : bridgeNetwork;
    if (defaultStopTimeoutSeconds < 0) {
      throw new IllegalArgumentException("stop timeout must be >= 0");
    }
    gpus = gpus == null ? GpuAttachment.NONE : gpus;
    workloadEnv = workloadEnv == null ? List.of() : List.copyOf(workloadEnv);
    envFileDir = envFileDir == null ? DEFAULT_ENV_FILE_DIR : envFileDir;
  }

  /** With the default environment file directory. */
  public RuntimeOptions(String bridgeNetwork, int defaultStopTimeoutSeconds, GpuAttachment gpus,
      List<String> workloadEnv) {
    this(bridgeNetwork, defaultStopTimeoutSeconds, gpus, workloadEnv, DEFAULT_ENV_FILE_DIR);
  }

  /**
   * Docker's default bridge, ECS's 30 s stop timeout, no GPU attachment, no extra variables,
   * environment files from {@link #DEFAULT_ENV_FILE_DIR}.
   */
  public static RuntimeOptions defaults() {
    return new RuntimeOptions(DEFAULT_BRIDGE, DEFAULT_STOP_TIMEOUT_S, GpuAttachment.NONE,
        List.of(), DEFAULT_ENV_FILE_DIR);
  }

  public RuntimeOptions withBridgeNetwork(String network) {
    return new RuntimeOptions(network, defaultStopTimeoutSeconds, gpus, workloadEnv, envFileDir);
  }

  public RuntimeOptions withStopTimeout(int seconds) {
    return new RuntimeOptions(bridgeNetwork, seconds, gpus, workloadEnv, envFileDir);
  }

  public RuntimeOptions withGpus(GpuAttachment attachment) {
    return new RuntimeOptions(bridgeNetwork, defaultStopTimeoutSeconds, attachment, workloadEnv,
        envFileDir);
  }

  public RuntimeOptions withWorkloadEnv(List<String> env) {
    return new RuntimeOptions(bridgeNetwork, defaultStopTimeoutSeconds, gpus, env, envFileDir);
  }

  public RuntimeOptions withEnvFileDir(Path dir) {
    return new RuntimeOptions(bridgeNetwork, defaultStopTimeoutSeconds, gpus, workloadEnv, dir);
  }
}
