package dev.backroom.agent.runtime.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ContainerPort;
import dev.backroom.agent.model.ObservedContainer;
import dev.backroom.mqtt.message.NetworkBinding;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads this device's containers from the engine into {@link ObservedContainer}s: the list
 * response plus the inspections it lacks. Kept apart from {@link DockerContainerRuntime} because
 * it carries its own state, the cache of start times that spares a running container an inspect
 * on every pass.
 */
final class ContainerObserver {
  private static final Instant DOCKER_ZERO_TIME = Instant.parse("0001-01-01T00:00:00Z");

  private final DockerClient docker;
  private final String deviceId;
  /** Start times of running containers by id, see {@link #observe}. */
  private final Map<String, Instant> runningSince = new ConcurrentHashMap<>();

  ContainerObserver(DockerClient docker, String deviceId) {
    this.docker = docker;
    this.deviceId = deviceId;
  }

  /** Every container labelled with this device's id, stopped ones included. */
  List<ObservedContainer> list() {
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
}
