package dev.backroom.agent.runtime.docker;

import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.LogConfig;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.VolumesFrom;
import dev.backroom.agent.model.DesiredContainer;
import dev.backroom.config.model.ContainerDefinition;
import dev.backroom.config.model.HealthCheck;
import dev.backroom.config.model.KeyValuePair;
import dev.backroom.config.model.MountPoint;
import dev.backroom.config.model.TaskDefinition;
import dev.backroom.config.model.Volume;
import dev.backroom.config.model.VolumeFrom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Maps ECS container definitions onto Docker's create request, field by field as the ECS agent
 * does. No I/O: what needs the device (environment files, the names of volumesFrom sources) is
 * read by the caller and passed in, so the mapping is unit-testable on a bare
 * {@link CreateContainerCmd}. An impossible value throws {@link IllegalArgumentException} naming
 * the field; the create then fails with that message.
 *
 * <p>Docker's own restart policy is left unset on purpose: the agent enforces restarts itself,
 * with backoff and maxAttempts that Docker cannot express.
 */
public final class DockerSpecs {
  private static final long MIB = LinuxSpecs.MIB;
  /** Docker rejects CPU shares below 2. */
  private static final int MIN_CPU_SHARES = 2;

  private DockerSpecs() {}

  /** {@code backroom-<taskId>-<containerName>}, with characters Docker refuses replaced. */
  public static String containerName(DesiredContainer d) {
    return "backroom-" + sanitise(d.key().taskId()) + "-" + sanitise(d.key().containerName());
  }

  /** Replaces what Docker does not accept in names ({@code [a-zA-Z0-9][a-zA-Z0-9_.-]*}). */
  public static String sanitise(String s) {
    String out = s.replaceAll("[^a-zA-Z0-9_.-]", "-");
    return out.isEmpty() ? "x" : out;
  }

  /** The container's {@code environment} as {@code NAME=value}, in order. */
  public static List<String> environment(ContainerDefinition c) {
    List<String> env = new ArrayList<>();
    if (c.environment() != null) {
      for (KeyValuePair kv : c.environment()) {
        if (kv != null && kv.name() != null) {
          env.add(kv.name() + "=" + (kv.value() == null ? "" : kv.value()));
        }
      }
    }
    return env;
  }

  /**
   * Everything the container gets: ours (workload and GPU variables) first, then the
   * environment files, then {@code environment}; a later definition of a name wins, so the
   * task's own variables win over ours and {@code environment} over the files.
   */
  static List<String> environment(ContainerDefinition c, List<String> ours,
      Map<String, String> fromFiles) {
    Map<String, String> m = new LinkedHashMap<>();
    for (String kv : ours) {
      int eq = kv.indexOf('=');
      m.put(eq < 0 ? kv : kv.substring(0, eq), eq < 0 ? "" : kv.substring(eq + 1));
    }
    m.putAll(fromFiles);
    for (String kv : environment(c)) {
      int eq = kv.indexOf('=');
      m.remove(kv.substring(0, eq)); // keeps the task's order for its own variables
      m.put(kv.substring(0, eq), kv.substring(eq + 1));
    }
    List<String> out = new ArrayList<>(m.size());
    m.forEach((k, v) -> out.add(k + "=" + v));
    return out;
  }

  /**
   * Fills {@code cmd} (name and image already set) for {@code d}.
   *
   * @param fromFiles the variables of the container's environment files, first definition first
   * @param volumesFrom the Docker name of each {@code volumesFrom} source container, by its name
   *     in the task
   */
  static void apply(CreateContainerCmd cmd, DesiredContainer d, String deviceId,
      RuntimeOptions o, Map<String, String> fromFiles, Map<String, String> volumesFrom) {
    ContainerDefinition c = d.container();
    TaskDefinition td = d.task();
    int stopTimeout = c.stopTimeout() != null ? Math.max(0, c.stopTimeout())
        : o.defaultStopTimeoutSeconds();
    List<String> ours = new ArrayList<>(o.workloadEnv());
    if (c.gpuCount() > 0) {
      ours.addAll(o.gpus().environment(c.gpuCount()));
    }
    cmd.withLabels(ContainerLabels.withDockerLabels(deviceId, d, stopTimeout))
        .withEnv(environment(c, ours, fromFiles))
        .withStopTimeout(stopTimeout)
        .withHostConfig(hostConfig(d, o, volumesFrom));
    if (c.command() != null && !c.command().isEmpty()) {
      cmd.withCmd(c.command());
    }
    if (c.entryPoint() != null && !c.entryPoint().isEmpty()) {
      cmd.withEntrypoint(c.entryPoint());
    }
    if (c.healthCheck() != null && c.healthCheck().command() != null) {
      cmd.withHealthcheck(healthCheck(c.healthCheck()));
    }
    List<ExposedPort> exposed = NetworkSpecs.exposedPorts(td, c);
    if (!exposed.isEmpty()) {
      cmd.withExposedPorts(exposed);
    }
    if (notBlank(c.user())) {
      cmd.withUser(c.user());
    }
    if (notBlank(c.workingDirectory())) {
      cmd.withWorkingDir(c.workingDirectory());
    }
    if (notBlank(c.hostname())) {
      cmd.withHostName(c.hostname());
    }
    if (c.disableNetworking() != null) {
      cmd.withNetworkDisabled(c.disableNetworking());
    }
    if (c.interactive() != null) {
      cmd.withStdinOpen(c.interactive()); // docker run -i
    }
    if (c.pseudoTerminal() != null) {
      cmd.withTty(c.pseudoTerminal()); // docker run -t
    }
  }

  /** The host config with the agent's defaults: Docker's bridge, no GPU, no volumesFrom. */
  public static HostConfig hostConfig(DesiredContainer d, GpuAttachment gpus) {
    return hostConfig(d, RuntimeOptions.defaults().withGpus(gpus), Map.of());
  }

  static HostConfig hostConfig(DesiredContainer d, RuntimeOptions o,
      Map<String, String> volumesFrom) {
    ContainerDefinition c = d.container();
    TaskDefinition td = d.task();
    HostConfig hc = HostConfig.newHostConfig()
        .withNetworkMode(NetworkSpecs.networkMode(td, o.bridgeNetwork()));
    Ports ports = NetworkSpecs.portBindings(td, c);
    if (ports != null) {
      hc.withPortBindings(ports);
    }
    if (c.memory() != null) {
      hc.withMemory(c.memory() * MIB);
    }
    if (c.memoryReservation() != null) {
      hc.withMemoryReservation(c.memoryReservation() * MIB);
    }
    if (c.cpu() != null && c.cpu() > 0) {
      hc.withCpuShares(Math.max(MIN_CPU_SHARES, c.cpu()));
    }
    List<Bind> binds = binds(td, c, d.key().taskId());
    if (!binds.isEmpty()) {
      hc.withBinds(binds);
    }
    List<VolumesFrom> from = volumesFrom(c, volumesFrom);
    if (!from.isEmpty()) {
      hc.withVolumesFrom(from);
    }
    if (c.readonlyRootFilesystem() != null) {
      hc.withReadonlyRootfs(c.readonlyRootFilesystem());
    }
    if (c.privileged() != null) {
      hc.withPrivileged(c.privileged());
    }
    HostConfigSpecs.apply(hc, c);
    LinuxSpecs.apply(hc, c);
    LogConfig log = HostConfigSpecs.logConfig(c.logConfiguration());
    if (log != null) {
      hc.withLogConfig(log);
    }
    int gpuCount = c.gpuCount();
    if (gpuCount > 0) {
      o.gpus().attach(hc, gpuCount);
    }
    return hc;
  }

  static List<VolumesFrom> volumesFrom(ContainerDefinition c, Map<String, String> names) {
    List<VolumesFrom> out = new ArrayList<>();
    if (c.volumesFrom() == null) {
      return out;
    }
    for (VolumeFrom v : c.volumesFrom()) {
      if (v == null || v.sourceContainer() == null) {
        continue;
      }
      String name = names.get(v.sourceContainer());
      if (name == null) {
        throw new IllegalArgumentException("volumesFrom: container " + v.sourceContainer()
            + " of this task does not exist on the device");
      }
      out.add(new VolumesFrom(name, v.isReadOnly() ? AccessMode.ro : AccessMode.rw));
    }
    return out;
  }

  /**
   * Host-path volumes become bind mounts; the others become named Docker volumes (see
   * {@link TaskVolumes#source}). Mount points naming an undeclared volume are skipped (the
   * validator refuses them).
   */
  static List<Bind> binds(TaskDefinition td, ContainerDefinition c, String taskId) {
    List<Bind> binds = new ArrayList<>();
    if (c.mountPoints() == null) {
      return binds;
    }
    for (MountPoint mp : c.mountPoints()) {
      Volume v = volume(td, mp.sourceVolume());
      if (v == null || mp.containerPath() == null) {
        continue;
      }
      binds.add(new Bind(TaskVolumes.source(v, taskId),
          new com.github.dockerjava.api.model.Volume(mp.containerPath()),
          mp.isReadOnly() ? AccessMode.ro : AccessMode.rw));
    }
    return binds;
  }

  private static Volume volume(TaskDefinition td, String name) {
    if (td.volumes() == null || name == null) {
      return null;
    }
    return td.volumes().stream().filter(v -> name.equals(v.name())).findFirst().orElse(null);
  }

  /** ECS keeps {@code CMD}, {@code CMD-SHELL} and {@code NONE} as Docker does; seconds become ns. */
  public static com.github.dockerjava.api.model.HealthCheck healthCheck(HealthCheck h) {
    return new com.github.dockerjava.api.model.HealthCheck()
        .withTest(h.command())
        .withInterval(TimeUnit.SECONDS.toNanos(h.intervalOrDefault()))
        .withTimeout(TimeUnit.SECONDS.toNanos(h.timeoutOrDefault()))
        .withRetries(h.retriesOrDefault())
        .withStartPeriod(TimeUnit.SECONDS.toNanos(h.startPeriodOrDefault()));
  }

  private static boolean notBlank(String s) {
    return s != null && !s.isBlank();
  }
}
