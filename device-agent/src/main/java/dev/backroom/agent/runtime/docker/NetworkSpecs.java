package dev.backroom.agent.runtime.docker;

import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.InternetProtocol;
import com.github.dockerjava.api.model.Ports;
import dev.backroom.config.model.ContainerDefinition;
import dev.backroom.config.model.PortMapping;
import dev.backroom.config.model.TaskDefinition;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * ECS network modes and port mappings as Docker takes them. Pure.
 *
 * <ul>
 *   <li>bridge (ECS's default for external instances): the container joins the agent's bridge
 *       network; each mapping is exposed and published, on {@code hostIp} (all addresses when
 *       absent) and {@code hostPort}, or a port Docker picks when {@code hostPort} is 0 or absent.
 *   <li>host: the container shares the device's network and listens on {@code containerPort}
 *       itself. Mappings are exposed (so they show in {@code docker inspect}) but not published:
 *       Docker discards published ports with the host network.
 *   <li>none: a loopback device only; mappings, which the validator refuses, are not applied.
 * </ul>
 */
final class NetworkSpecs {
  private NetworkSpecs() {}

  /** Docker's network mode for the task's ECS one. */
  static String networkMode(TaskDefinition td, String bridgeNetwork) {
    String mode = td.effectiveNetworkMode();
    return switch (mode) {
      case TaskDefinition.BRIDGE -> bridgeNetwork;
      case TaskDefinition.HOST, TaskDefinition.NONE -> mode;
      default -> throw new IllegalArgumentException("network mode " + mode
          + " is not supported on a device (use bridge, host or none)");
    };
  }

  /** The container ports to expose, in mapping order; none in none mode. */
  static List<ExposedPort> exposedPorts(TaskDefinition td, ContainerDefinition c) {
    if (TaskDefinition.NONE.equals(td.effectiveNetworkMode())) {
      return List.of();
    }
    Set<ExposedPort> out = new LinkedHashSet<>();
    for (PortMapping pm : c.ports()) {
      for (int port : containerPorts(pm)) {
        out.add(new ExposedPort(port, protocol(pm)));
      }
    }
    return new ArrayList<>(out);
  }

  /** Published ports; only bridge mode publishes. Null when nothing is published. */
  static Ports portBindings(TaskDefinition td, ContainerDefinition c) {
    if (!TaskDefinition.BRIDGE.equals(td.effectiveNetworkMode()) || c.ports().isEmpty()) {
      return null;
    }
    Ports ports = new Ports();
    for (PortMapping pm : c.ports()) {
      List<Integer> containerPorts = containerPorts(pm);
      // A static host port applies to a single container port; a range always gets ephemeral
      // host ports, as ECS assigns them.
      boolean fixed = pm.hostPort() != null && pm.hostPort() > 0 && containerPorts.size() == 1;
      for (int port : containerPorts) {
        ports.bind(new ExposedPort(port, protocol(pm)), new Ports.Binding(blankToNull(
            pm.hostIp()), fixed ? Integer.toString(pm.hostPort()) : null));
      }
    }
    return ports;
  }

  /** {@code containerPort}, or every port of {@code containerPortRange} ("8000-8010"). */
  static List<Integer> containerPorts(PortMapping pm) {
    if (pm == null) {
      return List.of();
    }
    if (pm.containerPort() != null) {
      return List.of(pm.containerPort());
    }
    String range = pm.containerPortRange();
    if (range == null || range.isBlank()) {
      return List.of();
    }
    String[] ends = range.trim().split("-", 2);
    try {
      int from = Integer.parseInt(ends[0].trim());
      int to = ends.length == 1 ? from : Integer.parseInt(ends[1].trim());
      if (from < 1 || to > 65535 || to < from) {
        throw new IllegalArgumentException("containerPortRange " + range + " is not a range of"
            + " ports 1-65535");
      }
      List<Integer> out = new ArrayList<>();
      for (int p = from; p <= to; p++) {
        out.add(p);
      }
      return out;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("containerPortRange " + range + " is not FROM-TO", e);
    }
  }

  private static InternetProtocol protocol(PortMapping pm) {
    return PortMapping.UDP.equalsIgnoreCase(pm.protocolOrDefault()) ? InternetProtocol.UDP
        : InternetProtocol.TCP;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
