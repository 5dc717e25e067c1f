package dev.backroom.agent.runtime.docker;

import static dev.backroom.agent.runtime.docker.DockerContainerRuntime.failure;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import dev.backroom.agent.model.DesiredContainer;
import dev.backroom.agent.runtime.ContainerRuntimeException;
import dev.backroom.config.model.ContainerDefinition;
import java.util.HashMap;
import java.util.Map;

/**
 * Creates a desired container on the engine: gathers what the create needs from the device
 * (env files, task volumes, the names of volumesFrom sources), then resolves a name conflict by
 * who holds the name. Kept apart from {@link DockerContainerRuntime} because the conflict
 * handling (a predecessor still stopping, a name freed meanwhile, another device's container
 * on a shared engine) is a decision of its own.
 */
final class ContainerCreator {
  private final DockerClient docker;
  private final String deviceId;
  private final RuntimeOptions options;
  private final TaskVolumes volumes;

  ContainerCreator(DockerClient docker, String deviceId, RuntimeOptions options,
      TaskVolumes volumes) {
    this.docker = docker;
    this.deviceId = deviceId;
    this.options = options;
    this.volumes = volumes;
  }

  /** The new container's id; see {@link DockerContainerRuntime#create}. */
  String create(DesiredContainer d) {
    String name = DockerSpecs.containerName(d);
    try {
      return createNamed(d, name);
    } catch (ConflictException e) {
      switch (nameHolder(name)) {
        case THIS_DEVICE -> throw new ContainerRuntimeException("create " + name + ": the"
            + " previous container of that name is still stopping", e);
        case NOBODY -> {
          // Our predecessor's removal finished between the conflict and the look: the name is
          // free again, and a device-qualified name would only rename this container for good.
          try {
            return createNamed(d, name);
          } catch (RuntimeException again) {
            throw failure("create " + name, again);
          }
        }
        default -> {
          // Another device sharing this engine holds the name. Fall back to a device-qualified
          // name rather than touching theirs.
          try {
            return createNamed(d, name + "-" + DockerSpecs.sanitise(deviceId));
          } catch (RuntimeException again) {
            throw failure("create " + name, again);
          }
        }
      }
    } catch (NotFoundException e) {
      throw new ContainerRuntimeException("image " + d.container().image()
          + " is not present on this device (the agent does not pull)", e);
    } catch (RuntimeException e) {
      throw failure("create " + name, e);
    }
  }

  /** Who holds a container name that a create found taken. */
  enum NameHolder { THIS_DEVICE, OTHER_DEVICE, NOBODY }

  /**
   * Who holds {@code name} now: a container of this device (our predecessor, still stopping),
   * one of another device sharing the engine, or nobody any more (it was removed meanwhile).
   * Package-private for the IT; an engine error fails the create, retried on a later pass.
   */
  NameHolder nameHolder(String name) {
    InspectContainerResponse c;
    try {
      c = docker.inspectContainerCmd(name).exec();
    } catch (NotFoundException gone) {
      return NameHolder.NOBODY;
    } catch (RuntimeException e) {
      throw failure("create " + name + ": the name is taken and cannot be inspected", e);
    }
    Map<String, String> labels = c.getConfig() == null ? null : c.getConfig().getLabels();
    return labels != null && deviceId.equals(labels.get(ContainerLabels.DEVICE_ID))
        ? NameHolder.THIS_DEVICE : NameHolder.OTHER_DEVICE;
  }

  private String createNamed(DesiredContainer d, String name) {
    ContainerDefinition c = d.container();
    // Inputs from the device first: a missing env file or volume fails before anything exists.
    Map<String, String> fromFiles = EnvFiles.read(c.environmentFiles(), options.envFileDir());
    Map<String, String> sources = volumesFromSources(d);
    volumes.ensure(d);
    try (CreateContainerCmd cmd = docker.createContainerCmd(c.image())) {
      cmd.withName(name);
      DockerSpecs.apply(cmd, d, deviceId, options, fromFiles, sources);
      return cmd.exec().getId();
    }
  }

  /**
   * The Docker name of each {@code volumesFrom} source, which is a container of the same task;
   * one that does not exist yet fails the create (a later pass retries).
   */
  private Map<String, String> volumesFromSources(DesiredContainer d) {
    if (d.container().volumesFrom() == null || d.container().volumesFrom().isEmpty()) {
      return Map.of();
    }
    Map<String, String> filter = new HashMap<>(ContainerLabels.deviceFilter(deviceId));
    filter.put(ContainerLabels.TASK_ID, d.key().taskId());
    Map<String, String> names = new HashMap<>();
    for (Container c : docker.listContainersCmd().withShowAll(true).withLabelFilter(filter)
        .exec()) {
      String container = c.getLabels() == null ? null
          : c.getLabels().get(ContainerLabels.CONTAINER);
      if (container != null && c.getNames() != null && c.getNames().length > 0) {
        names.putIfAbsent(container, c.getNames()[0].replaceFirst("^/", ""));
      }
    }
    return names;
  }
}
