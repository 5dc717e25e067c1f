package dev.backroom.agent.runtime.docker;

import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.HostConfig;
import dev.backroom.agent.model.DesiredContainer;
import dev.backroom.config.model.ContainerDefinition;
import dev.backroom.config.model.HealthCheck;
import dev.backroom.config.model.KeyValuePair;
import dev.backroom.config.model.MountPoint;
import dev.backroom.config.model.TaskDefinition;
import dev.backroom.config.model.Volume;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Maps ECS container definitions onto Docker's create options. No I/O: the results are plain
 * docker-java model objects, which keeps the mapping unit-testable.
 *
 * <p>Docker's own restart policy is left unset on purpose: the agent enforces restarts itself,
 * with backoff and maxAttempts that Docker cannot express.
 */
public final class DockerSpecs {
  private static final long MIB = 1024L * 1024L;
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

  public static HostConfig hostConfig(DesiredContainer d, GpuAttachment gpus) {
    ContainerDefinition c = d.container();
    HostConfig hc = HostConfig.newHostConfig().withNetworkMode(d.task().effectiveNetworkMode());
    if (c.memory() != null) {
      hc.withMemory(c.memory() * MIB);
    }
    if (c.memoryReservation() != null) {
      hc.withMemoryReservation(c.memoryReservation() * MIB);
    }
    if (c.cpu() != null && c.cpu() > 0) {
      hc.withCpuShares(Math.max(MIN_CPU_SHARES, c.cpu()));
    }
    List<Bind> binds = binds(d.task(), c, d.key().taskId());
    if (!binds.isEmpty()) {
      hc.withBinds(binds);
    }
    int gpuCount = c.gpuCount();
    if (gpuCount > 0) {
      gpus.attach(hc, gpuCount);
    }
    return hc;
  }

  /**
   * Host-path volumes become bind mounts; the others become named Docker volumes scoped to the
   * task ({@code backroom-<taskId>-<volume>}), as ECS scopes them. Mount points naming an
   * undeclared volume are skipped (the validator reports them).
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
      String source = v.host() != null && v.host().sourcePath() != null
          ? v.host().sourcePath()
          : "backroom-" + sanitise(taskId) + "-" + sanitise(v.name());
      binds.add(new Bind(source, new com.github.dockerjava.api.model.Volume(mp.containerPath()),
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
}
