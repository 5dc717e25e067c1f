package dev.backroom.config.validate;

import dev.backroom.config.model.ContainerDefinition;
import dev.backroom.config.model.PortMapping;
import dev.backroom.config.model.TaskDefinition;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * ECS's port-mapping rules per network mode: bridge publishes (hostPort 0 or none = Docker picks
 * one), host has the container listen itself (hostPort absent or equal, since Docker silently
 * ignores {@code -p} with host networking), none allows no mappings. Two containers of one task
 * may not claim the same static host port.
 */
final class PortRules {
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

  private PortRules() {}

  static void validate(TaskDefinition td, Violations v) {
    String mode = td.effectiveNetworkMode();
    Map<String, String> claimed = new HashMap<>();
    List<ContainerDefinition> cs = td.containers();
    for (int i = 0; i < cs.size(); i++) {
      ContainerDefinition c = cs.get(i);
      if (c == null) {
        continue;
      }
      String p = "containerDefinitions[" + i + "].portMappings";
      List<PortMapping> ports = c.ports();
      if (!ports.isEmpty() && TaskDefinition.NONE.equals(mode)) {
        v.add(p, "networkMode none has no network to publish on; remove the mappings or use"
            + " bridge");
        continue;
      }
      if (!ports.isEmpty() && Boolean.TRUE.equals(c.disableNetworking())) {
        v.add(p, "disableNetworking leaves nothing to publish on; remove one of them");
        continue;
      }
      Map<Integer, String> protocolOf = new HashMap<>();
      for (int j = 0; j < ports.size(); j++) {
        validateOne(ports.get(j), p + "[" + j + "]", mode, protocolOf, claimed, v);
      }
    }
  }

  private static void validateOne(PortMapping m, String p, String mode,
      Map<Integer, String> protocolOf, Map<String, String> claimed, Violations v) {
    if (m == null) {
      v.add(p, "must be an object");
      return;
    }
    if (m.containerPortRange() != null) {
      return; // refused by the field table already
    }
    if (m.containerPort() == null) {
      v.add(p + ".containerPort", "is required");
      return;
    }
    v.range(m.containerPort(), 1, 65535, p + ".containerPort");
    String protocol = m.protocolOrDefault();
    if (!PortMapping.TCP.equals(protocol) && !PortMapping.UDP.equals(protocol)) {
      v.add(p + ".protocol", "must be tcp or udp but is '" + protocol + "'");
    }
    String other = protocolOf.putIfAbsent(m.containerPort(), protocol);
    if (other != null) {
      v.add(p + ".containerPort", other.equals(protocol)
          ? "container port " + m.containerPort() + " is mapped twice"
          : "container port " + m.containerPort() + " is already mapped for " + other
              + "; ECS allows one protocol per container port");
    }
    if (TaskDefinition.HOST.equals(mode)) {
      if (m.hostPort() != null && !m.hostPort().equals(m.containerPort())) {
        v.add(p + ".hostPort", "in host mode the container listens on the device itself, so"
            + " hostPort must equal containerPort (" + m.containerPort() + ") or be left out");
      }
      if (m.hostIp() != null) {
        v.add(p + ".hostIp", "in host mode the container chooses its own listen address;"
            + " leave hostIp out or use bridge");
      }
    } else {
      v.range(m.hostPort(), 0, 65535, p + ".hostPort");
      if (m.hostIp() != null && !isIpLiteral(m.hostIp())) {
        v.add(p + ".hostIp", "must be an IPv4 or IPv6 address but is '" + m.hostIp() + "'");
      }
    }
    int hostPort = m.staticHostPort(mode);
    if (hostPort > 0) {
      String key = hostPort + "/" + protocol;
      String first = claimed.putIfAbsent(key, p);
      if (first != null) {
        v.add(p + ".hostPort", "host port " + key + " is already claimed by " + first
            + "; a device port serves one container");
      }
    }
  }

  /** True for a literal address only: a name here would make the agent resolve DNS. */
  static boolean isIpLiteral(String s) {
    if (s.isEmpty()) {
      return false;
    }
    if (!s.contains(":")) {
      if (!IPV4.matcher(s).matches()) {
        return false;
      }
      for (String octet : s.split("\\.")) {
        if (Integer.parseInt(octet) > 255) {
          return false;
        }
      }
    } else if (!s.matches("[0-9A-Fa-f:.]+")) {
      return false;
    }
    try {
      InetAddress.getByName(s); // a literal: no lookup happens
      return true;
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
