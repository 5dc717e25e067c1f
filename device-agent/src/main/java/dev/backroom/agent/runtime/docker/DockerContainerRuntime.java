package dev.backroom.agent.runtime.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ContainerPort;
import dev.backroom.agent.model.DesiredContainer;
import dev.backroom.agent.model.ObservedContainer;
import dev.backroom.agent.runtime.ContainerRuntime;
import dev.backroom.agent.runtime.ContainerRuntimeException;
import dev.backroom.config.model.ContainerDefinition;
import dev.backroom.mqtt.message.NetworkBinding;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@link ContainerRuntime} on the Docker Engine API. Lists, adopts and removes only containers
 * labelled with this device's id, because several agents may share one engine. Never pulls: an
 * image must already be present.
 */
public final class DockerContainerRuntime implements ContainerRuntime {
  private static final Logger LOG = Logger.getLogger(DockerContainerRuntime.class.getName());
  private static final Instant DOCKER_ZERO_TIME = Instant.parse("0001-01-01T00:00:00Z");

  private final String deviceId;
  private final RuntimeOptions options;
  private final DockerClient docker;
  /** Without a response timeout: a stop lasts as long as the container's grace period. */
  private final DockerClient stopClient;
  private final String dockerHost;
  /** Start times of running containers by id, see {@link #observe}. */
  private final Map<String, Instant> runningSince = new ConcurrentHashMap<>();
  private final Stopper stopper;
  private final TaskVolumes volumes;

  public DockerContainerRuntime(String deviceId, String dockerHost, GpuAttachment gpus) {
    this(deviceId, dockerHost, RuntimeOptions.defaults().withGpus(gpus));
  }

  public DockerContainerRuntime(String deviceId, String dockerHost, RuntimeOptions options) {
    this.deviceId = deviceId;
    this.options = options;
    this.dockerHost = dockerHost;
    this.docker = DockerClients.create(dockerHost, Duration.ofSeconds(30));
    this.stopClient = DockerClients.create(dockerHost, null);
    this.stopper = new Stopper(docker, stopClient, options.defaultStopTimeoutSeconds(),
        deviceId);
    this.volumes = new TaskVolumes(docker, deviceId);
  }

  @Override
  public List<ObservedContainer> list() {
    try {
      List<Container> containers = docker.listContainersCmd()
          .withShowAll(true)
          .withLabelFilter(ContainerLabels.deviceFilter(deviceId))
          .exec();
      List<ObservedContainer> out = new ArrayList<>(containers.size());
      Set<String> running = new HashSet<>();
      for (Container c : containers) {
        Map<String, String> labels = c.getLabels() == null ? Map.of() : c.getLabels();
        if (!deviceId.equals(labels.get(ContainerLabels.DEVICE_ID))) {
          continue; // the engine filtered already; this guards against a label-filter bug
        }
        ObservedContainer o = observe(c, labels);
        if (o.isRunning()) {
          running.add(o.id());
        }
        out.add(o);
      }
      runningSince.keySet().retainAll(running);
      return stopper.mark(out);
    } catch (RuntimeException e) {
      throw failure("list containers", e);
    }
  }

  /**
   * The list response lacks exit codes and times, so a stopped container is inspected on every
   * pass, and a running one once per run: its start time (which dependency timeouts count from)
   * cannot change while it keeps running, so it is cached until the container is seen stopped.
   * Ports and labels (the stop rank among them) come from the list response itself.
   */
  private ObservedContainer observe(Container c, Map<String, String> labels) {
    String name = c.getNames() == null || c.getNames().length == 0 ? c.getId()
        : c.getNames()[0].replaceFirst("^/", "");
    String state = c.getState();
    Integer exitCode = null;
    Instant startedAt = ObservedContainer.RUNNING.equals(state) ? runningSince.get(c.getId())
        : null;
    Instant finishedAt = null;
    String error = null;
    if (!ObservedContainer.RUNNING.equals(state) || startedAt == null) {
      try {
        InspectContainerResponse.ContainerState s =
            docker.inspectContainerCmd(c.getId()).exec().getState();
        state = s.getStatus() != null ? s.getStatus() : state;
        startedAt = time(s.getStartedAt());
        if (ObservedContainer.RUNNING.equals(state)) {
          if (startedAt != null) {
            runningSince.put(c.getId(), startedAt);
          }
        } else {
          exitCode = s.getExitCodeLong() == null ? null : s.getExitCodeLong().intValue();
          finishedAt = time(s.getFinishedAt());
          error = s.getError();
        }
      } catch (NotFoundException gone) {
        state = "removing";
      }
    }
    return new ObservedContainer(c.getId(), name, labels.get(ContainerLabels.DEVICE_ID),
        ContainerLabels.key(labels), labels.get(ContainerLabels.SPEC_HASH),
        ContainerLabels.generation(labels), state, exitCode, health(c.getStatus()), startedAt,
        finishedAt, error, bindings(c.getPorts()), ContainerLabels.stopRank(labels));
  }

  /**
   * Docker's published ports, in ECS's networkBindings shape. Exposed ports that are not
   * published (no public port) are not bindings; IPv4 and IPv6 bindings are both reported, as
   * Docker makes both.
   */
  static List<NetworkBinding> bindings(ContainerPort[] ports) {
    if (ports == null) {
      return List.of();
    }
    List<NetworkBinding> out = new ArrayList<>();
    for (ContainerPort p : ports) {
      if (p == null || p.getPublicPort() == null || p.getPrivatePort() == null) {
        continue;
      }
      NetworkBinding b = new NetworkBinding(p.getIp() == null ? "0.0.0.0" : p.getIp(),
          p.getPrivatePort(), p.getPublicPort(), p.getType() == null ? "tcp" : p.getType());
      if (!out.contains(b)) {
        out.add(b);
      }
    }
    out.sort(Comparator.comparing(NetworkBinding::containerPort)
        .thenComparing(NetworkBinding::protocol).thenComparing(NetworkBinding::bindIP));
    return out;
  }

  /** Docker reports health only in the status text: "Up 5 seconds (healthy)". */
  static String health(String status) {
    if (status == null) {
      return null;
    }
    if (status.contains("(unhealthy)")) {
      return "unhealthy";
    }
    if (status.contains("(healthy)")) {
      return "healthy";
    }
    return status.contains("(health: starting)") ? "starting" : null;
  }

  private static Instant time(String s) {
    if (s == null || s.isBlank()) {
      return null;
    }
    try {
      Instant t = Instant.parse(s);
      return t.equals(DOCKER_ZERO_TIME) ? null : t;
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  @Override
  public String create(DesiredContainer d) {
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
    Map<String, String> filter = new java.util.HashMap<>(ContainerLabels.deviceFilter(deviceId));
    filter.put(ContainerLabels.TASK_ID, d.key().taskId());
    Map<String, String> names = new java.util.HashMap<>();
    for (Container c : docker.listContainersCmd().withShowAll(true).withLabelFilter(filter)
        .exec()) {
      String container = c.getLabels() == null ? null : c.getLabels().get(ContainerLabels.CONTAINER);
      if (container != null && c.getNames() != null && c.getNames().length > 0) {
        names.putIfAbsent(container, c.getNames()[0].replaceFirst("^/", ""));
      }
    }
    return names;
  }

  @Override
  public void start(String containerId) {
    try {
      docker.startContainerCmd(containerId).exec();
    } catch (NotModifiedException alreadyRunning) {
      // the container was started meanwhile (an adopted container racing a die event)
    } catch (RuntimeException e) {
      throw failure("start " + shortId(containerId), e);
    }
  }

  /**
   * Returns at once: a running container gets its stop signal, then SIGKILL after its stop
   * timeout, on the stopper's threads (see {@link Stopper}); list() shows it as stopping
   * meanwhile.
   */
  @Override
  public void stop(String containerId) {
    try {
      stopper.stop(containerId);
    } catch (RuntimeException e) {
      throw failure("stop " + shortId(containerId), e);
    }
  }

  /** As {@link #stop}, then removal; a container that is not running is removed at once. */
  @Override
  public void remove(String containerId) {
    try {
      stopper.remove(containerId);
    } catch (RuntimeException e) {
      throw failure("remove " + shortId(containerId), e);
    }
  }

  /** Removes the task-scoped volumes of tasks gone from this device (see {@link TaskVolumes}). */
  @Override
  public void releaseTasks(Set<String> assignedTaskIds) {
    volumes.release(assignedTaskIds, this::list);
  }

  @Override
  public AutoCloseable watch(Runnable onChange) {
    return new DockerEventWatch(dockerHost, deviceId, onChange).start();
  }

  @Override
  public boolean ping() {
    try {
      docker.pingCmd().exec();
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  @Override
  public void close() {
    stopper.close();
    try {
      stopClient.close();
      docker.close();
    } catch (IOException e) {
      LOG.log(Level.FINE, "closing docker client failed", e);
    }
  }

  private static ContainerRuntimeException failure(String what, RuntimeException e) {
    if (e instanceof ContainerRuntimeException cre) {
      return cre; // already says what failed
    }
    String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip();
    return new ContainerRuntimeException(what + ": " + msg, e);
  }

  private static String shortId(String id) {
    return id.length() > 12 ? id.substring(0, 12) : id;
  }
}
