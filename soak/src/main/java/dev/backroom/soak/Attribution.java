package dev.backroom.soak;

import java.util.HashSet;
import java.util.Set;

/**
 * What may legitimately have restarted or replaced containers since the last look: containers a
 * fault killed or stopped, devices whose agent a fault killed or froze, services the workload
 * changed, and whether tasks may have moved (a device lost or drained). Filled by faults and the
 * workload, emptied by each {@link RestartTracker} look.
 */
final class Attribution {
  final Set<String> containers = new HashSet<>();
  final Set<String> devices = new HashSet<>();
  final Set<String> services = new HashSet<>();
  boolean moves;

  synchronized void service(String s) {
    if (s.equals("*")) {
      moves = true;
    } else {
      services.add(s);
    }
  }

  synchronized void container(String id) {
    containers.add(id);
  }

  synchronized void device(String d) {
    devices.add(d);
  }

  synchronized void moves() {
    moves = true;
  }

  synchronized boolean restartExplained(ContainerState c) {
    return containers.contains(c.id()) || devices.contains(c.device())
        || services.contains(c.service());
  }

  synchronized boolean newContainerExplained(ContainerState c) {
    return moves || services.contains(c.service()) || devices.contains(c.device())
        || !containers.isEmpty();
  }

  synchronized void clear() {
    containers.clear();
    devices.clear();
    services.clear();
    moves = false;
  }
}
