package dev.backroom.hub.core.scheduler;

import dev.backroom.config.model.ContainerDefinition;
import dev.backroom.config.model.PortMapping;
import dev.backroom.config.model.TaskDefinition;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * A host port a task needs for itself on its device: Docker refuses a second binding of the same
 * port and protocol, so two such tasks can never share a device.
 *
 * @param port 1 to 65535
 * @param protocol {@code tcp} or {@code udp}, lower case
 */
public record HostPort(int port, String protocol) implements Comparable<HostPort> {
  private static final Comparator<HostPort> ORDER =
      Comparator.comparingInt(HostPort::port).thenComparing(HostPort::protocol);

  /**
   * The static host ports of {@code td}'s port mappings, sorted and without repeats: in bridge
   * mode each non-zero {@code hostPort}, in host mode each {@code containerPort} (the container
   * listens on the host itself). Dynamic mappings (bridge, {@code hostPort} 0 or absent) need
   * none: Docker picks a free port. Null asks for none.
   */
  public static List<HostPort> of(TaskDefinition td) {
    if (td == null) {
      return List.of();
    }
    String mode = td.effectiveNetworkMode();
    if (TaskDefinition.NONE.equals(mode)) {
      return List.of(); // no network, nothing published (validation refuses mappings there)
    }
    // Called for every running task on every placing pass: most bind no static port, and
    // those allocate nothing here.
    TreeSet<HostPort> out = null;
    for (ContainerDefinition c : td.containers()) {
      if (c == null) {
        continue;
      }
      for (PortMapping m : c.ports()) {
        int port = m == null ? 0 : m.staticHostPort(mode);
        if (port > 0) {
          if (out == null) {
            out = new TreeSet<>();
          }
          out.add(new HostPort(port, m.protocolOrDefault().toLowerCase(Locale.ROOT)));
        }
      }
    }
    return out == null ? List.of() : List.copyOf(out);
  }

  @Override
  public int compareTo(HostPort other) {
    return ORDER.compare(this, other);
  }

  /** {@code 8080/tcp}, as Docker writes it. */
  @Override
  public String toString() {
    return port + "/" + protocol;
  }
}
