package dev.backroom.agent.status;

import dev.backroom.agent.model.ObservedContainer;
import dev.backroom.config.model.ContainerDefinition;
import dev.backroom.config.model.PortMapping;
import dev.backroom.config.model.TaskDefinition;
import dev.backroom.mqtt.message.NetworkBinding;
import java.util.ArrayList;
import java.util.List;

/**
 * A running container's ECS {@code networkBindings}. In bridge mode they are what Docker
 * published (so a dynamic host port shows the port Docker chose); in host mode Docker publishes
 * nothing and the container listens on the host itself, so, as the ECS agent does, each port
 * mapping is reported with its containerPort as both ports on 0.0.0.0. A container that is not
 * running has none.
 */
final class NetworkBindings {
  static final String ANY = "0.0.0.0";

  private NetworkBindings() {}

  static List<NetworkBinding> of(TaskDefinition task, ContainerDefinition c,
      ObservedContainer o) {
    if (o == null || !o.isRunning()) {
      return List.of();
    }
    if (!TaskDefinition.HOST.equals(task.effectiveNetworkMode())) {
      return o.networkBindings();
    }
    List<NetworkBinding> out = new ArrayList<>();
    for (PortMapping p : c.ports()) {
      if (p == null) {
        continue;
      }
      if (p.containerPort() != null) {
        out.add(new NetworkBinding(ANY, p.containerPort(), p.containerPort(),
            p.protocolOrDefault()));
      } else {
        for (int port : range(p.containerPortRange())) {
          out.add(new NetworkBinding(ANY, port, port, p.protocolOrDefault()));
        }
      }
    }
    return out;
  }

  /** The ports of an ECS {@code containerPortRange} such as "8000-8010"; none if malformed. */
  static List<Integer> range(String r) {
    if (r == null) {
      return List.of();
    }
    String[] parts = r.trim().split("-", -1);
    try {
      int from = Integer.parseInt(parts[0].trim());
      int to = parts.length == 2 ? Integer.parseInt(parts[1].trim()) : from;
      if (parts.length > 2 || from < 1 || to > 65535 || to < from) {
        return List.of(); // the validator refuses it
      }
      List<Integer> out = new ArrayList<>();
      for (int p = from; p <= to; p++) {
        out.add(p);
      }
      return out;
    } catch (NumberFormatException e) {
      return List.of();
    }
  }
}
