package dev.backroom.soak;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The operator intent the hub acknowledged: each service's family, revision, rolling update and
 * desired count, and the drained device. Convergence is judged against this, on Docker; an
 * action whose answer was lost (hub killed mid-call) makes the service {@code uncertain}, and the
 * hub's own view is adopted at the next check instead of being held against it.
 */
final class Model {
  static final class Service {
    final String name;
    final String family;
    boolean exists;
    int desired;
    int revision;
    int roll;
    boolean uncertain;

    Service(String name, String family) {
      this.name = name;
      this.family = family;
    }

    @Override
    public String toString() {
      return name + (exists ? " x" + desired + " " + family + ":" + revision + " roll " + roll
          : " (deleted)") + (uncertain ? " (uncertain)" : "");
    }
  }

  final Map<String, Service> services = new LinkedHashMap<>();
  /** The drained device, or null; {@code drainUncertain} as for services. */
  String drained;
  boolean drainUncertain;

  Service service(String name) {
    return services.get(name);
  }

  @Override
  public synchronized String toString() {
    return services.values() + (drained == null ? "" : ", drained " + drained);
  }
}
