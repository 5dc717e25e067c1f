package dev.backroom.agent.runtime.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateVolumeCmd;
import com.github.dockerjava.api.command.InspectVolumeResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.backroom.agent.model.DesiredContainer;
import dev.backroom.agent.model.ObservedContainer;
import dev.backroom.agent.runtime.ContainerRuntimeException;
import dev.backroom.config.model.MountPoint;
import dev.backroom.config.model.TaskDefinition;
import dev.backroom.config.model.Volume;
import dev.backroom.config.model.Volume.DockerVolumeConfiguration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Docker volumes of tasks, as ECS scopes them. A task-scoped volume is
 * {@code backroom-<taskId>-<volume>}, created before the first container that mounts it and
 * labelled with the device and task; the agent removes it once the task is no longer assigned
 * and none of its containers is left. A shared volume is named by the volume itself, created
 * only when missing and {@code autoprovision} is true, and never removed by the agent; an
 * existing volume labelled as some task's task-scoped volume is never adopted as a shared one.
 * Only the {@code local} driver is offered. Thread-safe.
 */
final class TaskVolumes {
  private static final Logger LOG = Logger.getLogger(TaskVolumes.class.getName());
  static final String VOLUME = "backroom.volume";
  static final String SCOPE = "backroom.volume-scope";
  static final String LOCAL = "local";

  private final DockerClient docker;
  private final String deviceId;
  /** Tasks that may still own a task-scoped volume here; null until first listed. */
  private Set<String> tasksWithVolumes;

  TaskVolumes(DockerClient docker, String deviceId) {
    this.docker = docker;
    this.deviceId = deviceId;
  }

  /** The Docker source of a mount: the host path, the shared name or the task-scoped name. */
  static String source(Volume v, String taskId) {
    if (v.isHostPath()) {
      return v.host().sourcePath();
    }
    if (v.isShared()) {
      return v.name();
    }
    return "backroom-" + DockerSpecs.sanitise(taskId) + "-" + DockerSpecs.sanitise(v.name());
  }

  /** Creates the Docker volumes the container mounts, or fails naming the one that cannot be. */
  void ensure(DesiredContainer d) {
    TaskDefinition td = d.task();
    if (d.container().mountPoints() == null || td.volumes() == null) {
      return;
    }
    for (MountPoint mp : d.container().mountPoints()) {
      Volume v = td.volumes().stream().filter(x -> x.name() != null
          && x.name().equals(mp.sourceVolume())).findFirst().orElse(null);
      if (v == null || v.isHostPath()) {
        continue;
      }
      DockerVolumeConfiguration cfg = v.dockerVolumeConfiguration();
      String driver = cfg == null || cfg.driver() == null ? LOCAL : cfg.driver();
      if (!LOCAL.equals(driver)) {
        throw new ContainerRuntimeException("volume " + v.name() + ": driver " + driver
            + " is not available on a device (only local)", null);
      }
      String name = source(v, d.key().taskId());
      try {
        if (v.isShared()) {
          ensureShared(v, name, cfg);
        } else {
          Map<String, String> labels = userLabels(cfg);
          labels.putAll(Map.of(ContainerLabels.MANAGED, "true", ContainerLabels.DEVICE_ID,
              deviceId, ContainerLabels.TASK_ID, d.key().taskId(), VOLUME, v.name(), SCOPE,
              DockerVolumeConfiguration.TASK));
          create(name, cfg, labels);
          synchronized (this) {
            if (tasksWithVolumes != null) {
              tasksWithVolumes.add(d.key().taskId());
            }
          }
        }
      } catch (ContainerRuntimeException e) {
        throw e;
      } catch (RuntimeException e) {
        throw new ContainerRuntimeException("volume " + name + ": " + e.getMessage(), e);
      }
    }
  }

  private void ensureShared(Volume v, String name, DockerVolumeConfiguration cfg) {
    try {
      InspectVolumeResponse existing = docker.inspectVolumeCmd(name).exec();
      if (existing.getDriver() != null && !LOCAL.equals(existing.getDriver())) {
        throw new ContainerRuntimeException("shared volume " + name + " exists with driver "
            + existing.getDriver() + ", not local", null);
      }
      refuseTaskVolume(name, existing.getLabels());
    } catch (NotFoundException missing) {
      if (cfg == null || !Boolean.TRUE.equals(cfg.autoprovision())) {
        throw new ContainerRuntimeException("shared volume " + name + " does not exist on this"
            + " device and autoprovision is off: create it (docker volume create " + name
            + ") or set dockerVolumeConfiguration.autoprovision", missing);
      }
      Map<String, String> labels = userLabels(cfg);
      labels.put(VOLUME, v.name());
      labels.put(SCOPE, DockerVolumeConfiguration.SHARED);
      create(name, cfg, labels);
    }
  }

  /**
   * A shared volume is whatever Docker volume has its name, so a name like
   * {@code backroom-<otherTask>-data} would mount another task's private volume (on this device
   * or another sharing the engine). One that carries Backroom's task-volume labels is refused.
   */
  private static void refuseTaskVolume(String name, Map<String, String> labels) {
    if (labels == null) {
      return;
    }
    if (DockerVolumeConfiguration.TASK.equals(labels.get(SCOPE))
        || labels.containsKey(ContainerLabels.TASK_ID)) {
      throw new ContainerRuntimeException("shared volume " + name + " is the task-scoped volume"
          + " of Backroom task " + labels.get(ContainerLabels.TASK_ID) + " on device "
          + labels.get(ContainerLabels.DEVICE_ID) + ": a shared volume cannot be another"
          + " task's private volume", null);
    }
  }

  private void create(String name, DockerVolumeConfiguration cfg, Map<String, String> labels) {
    // Docker hands back the existing volume when the name is taken with the same driver.
    try (CreateVolumeCmd cmd = docker.createVolumeCmd().withName(name).withDriver(LOCAL)
        .withLabels(labels)) {
      if (cfg != null && cfg.driverOpts() != null && !cfg.driverOpts().isEmpty()) {
        cmd.withDriverOpts(cfg.driverOpts());
      }
      cmd.exec();
    }
  }

  /** The task's own labels; ours are put over them by the caller. */
  private static Map<String, String> userLabels(DockerVolumeConfiguration cfg) {
    return cfg == null || cfg.labels() == null ? new TreeMap<>() : new TreeMap<>(cfg.labels());
  }

  /**
   * Removes the task-scoped volumes of tasks that are not in {@code assigned} and have no
   * container left. Asks the engine for containers only when such a task may exist, so a pass
   * with nothing to free costs nothing. A volume still in use stays for a later call. Never
   * throws: a failure is logged and retried on the next call.
   */
  void release(Set<String> assigned, Supplier<List<ObservedContainer>> containers) {
    try {
      Set<String> candidates;
      synchronized (this) {
        if (tasksWithVolumes == null) {
          tasksWithVolumes = new HashSet<>();
          for (InspectVolumeResponse v : ours(null)) {
            String task = v.getLabels() == null ? null : v.getLabels().get(ContainerLabels.TASK_ID);
            if (task != null) {
              tasksWithVolumes.add(task);
            }
          }
        }
        candidates = new HashSet<>(tasksWithVolumes);
      }
      candidates.removeAll(assigned);
      if (candidates.isEmpty()) {
        return;
      }
      for (ObservedContainer o : containers.get()) {
        if (o.key() != null) {
          candidates.remove(o.key().taskId());
        }
      }
      for (String task : candidates) {
        boolean all = true;
        for (InspectVolumeResponse v : ours(task)) {
          all &= remove(v.getName());
        }
        if (all) {
          synchronized (this) {
            tasksWithVolumes.remove(task);
          }
        }
      }
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "cannot release task volumes: {0}", e.getMessage());
    }
  }

  private boolean remove(String name) {
    try {
      docker.removeVolumeCmd(name).exec();
      LOG.log(Level.INFO, "removed task volume {0}", name);
      return true;
    } catch (NotFoundException gone) {
      return true;
    } catch (ConflictException inUse) {
      return false;
    }
  }

  /** Task-scoped volumes of this device, of one task or all. */
  private List<InspectVolumeResponse> ours(String taskId) {
    List<String> filters = new java.util.ArrayList<>(List.of(ContainerLabels.MANAGED + "=true",
        ContainerLabels.DEVICE_ID + "=" + deviceId, SCOPE + "=" + DockerVolumeConfiguration.TASK));
    if (taskId != null) {
      filters.add(ContainerLabels.TASK_ID + "=" + taskId);
    }
    List<InspectVolumeResponse> vs = docker.listVolumesCmd().withFilter("label", filters).exec()
        .getVolumes();
    return vs == null ? List.of() : vs;
  }
}
