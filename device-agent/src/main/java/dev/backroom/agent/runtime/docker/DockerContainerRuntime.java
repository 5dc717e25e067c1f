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
  /**
   * Short, because stopping and removal block the agent loop; workloads get SIGTERM first all
   * the same.
   */
  private static final int STOP_TIMEOUT_SECONDS = 2;
  private static final Instant DOCKER_ZERO_TIME = Instant.parse("0001-01-01T00:00:00Z");

  private final String deviceId;
  private final GpuAttachment gpus;
  private final DockerClient docker;
  private final String dockerHost;
  /** Start times of running containers by id, see {@link #observe}. */
  private final Map<String, Instant> runningSince = new ConcurrentHashMap<>();

  public DockerContainerRuntime(String deviceId, String dockerHost, GpuAttachment gpus) {
    this(deviceId, dockerHost, gpus, List.of());
  }

  /** @param workloadEnv added to every container's environment (the telemetry credential) */
  public DockerContainerRuntime(String deviceId, String dockerHost, GpuAttachment gpus,
      List<String> workloadEnv) {
    this.workloadEnv = List.copyOf(workloadEnv);
    this.deviceId = deviceId;
    this.gpus = gpus;
    this.dockerHost = dockerHost;
    this.docker = DockerClients.create(dockerHost, Duration.ofSeconds(30));
  }

  private final List<String> workloadEnv;

  /** The task's own variables win over ours (a later duplicate overrides in Docker). */
  private List<String> withWorkloadEnv(List<String> taskEnv) {
    List<String> env = new java.util.ArrayList<>(workloadEnv);
    env.addAll(taskEnv);
    return env;
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
      return out;
    } catch (RuntimeException e) {
      throw failure("list containers", e);
    }
  }

  /**
   * The list response lacks exit codes and times, so a stopped container is inspected on every
   * pass, and a running one once per run: its start time (which dependency timeouts count from)
   * cannot change while it keeps running, so it is cached until the container is seen stopped.
   * Ports come from the list response itself.
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
        finishedAt, error, bindings(c.getPorts()));
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
      // Another device sharing this engine may hold the name; ours would have been listed and
      // removed first. Fall back to a device-qualified name rather than touching theirs.
      try {
        return createNamed(d, name + "-" + DockerSpecs.sanitise(deviceId));
      } catch (RuntimeException again) {
        throw failure("create " + name, again);
      }
    } catch (NotFoundException e) {
      throw new ContainerRuntimeException("image " + d.container().image()
          + " is not present on this device (the agent does not pull)", e);
    } catch (RuntimeException e) {
      throw failure("create " + name, e);
    }
  }

  private String createNamed(DesiredContainer d, String name) {
    ContainerDefinition c = d.container();
    try (CreateContainerCmd cmd = docker.createContainerCmd(c.image())) {
      cmd.withName(name)
          .withLabels(ContainerLabels.of(deviceId, d))
          .withEnv(withWorkloadEnv(DockerSpecs.environment(c)))
          .withHostConfig(DockerSpecs.hostConfig(d, gpus));
      if (c.command() != null && !c.command().isEmpty()) {
        cmd.withCmd(c.command());
      }
      if (c.entryPoint() != null && !c.entryPoint().isEmpty()) {
        cmd.withEntrypoint(c.entryPoint());
      }
      if (c.healthCheck() != null && c.healthCheck().command() != null) {
        cmd.withHealthcheck(DockerSpecs.healthCheck(c.healthCheck()));
      }
      return cmd.exec().getId();
    }
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

  @Override
  public void stop(String containerId) {
    try {
      docker.stopContainerCmd(containerId).withTimeout(STOP_TIMEOUT_SECONDS).exec();
    } catch (NotModifiedException | NotFoundException notRunning) {
      // stopped or gone already
    } catch (RuntimeException e) {
      throw failure("stop " + shortId(containerId), e);
    }
  }

  @Override
  public void remove(String containerId) {
    try {
      docker.stopContainerCmd(containerId).withTimeout(STOP_TIMEOUT_SECONDS).exec();
    } catch (NotModifiedException | NotFoundException notRunning) {
      // stopped or gone already
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "stop of " + shortId(containerId) + " failed, forcing removal", e);
    }
    try {
      docker.removeContainerCmd(containerId).withForce(true).exec();
    } catch (NotFoundException gone) {
      // removed meanwhile
    } catch (ConflictException inProgress) {
      // "removal already in progress": the end state is the same
    } catch (RuntimeException e) {
      throw failure("remove " + shortId(containerId), e);
    }
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
    try {
      docker.close();
    } catch (IOException e) {
      LOG.log(Level.FINE, "closing docker client failed", e);
    }
  }

  private static ContainerRuntimeException failure(String what, RuntimeException e) {
    String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip();
    return new ContainerRuntimeException(what + ": " + msg, e);
  }

  private static String shortId(String id) {
    return id.length() > 12 ? id.substring(0, 12) : id;
  }
}
