package dev.backroom.soak;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The invariants checked after every heal besides convergence (which waits, see
 * {@link Soak#converge}): acknowledged operator intent survived, no restart nothing explains,
 * no 5xx, the API within 1 s, no unhandled error in a log. Each reports what is new since its
 * last check, so a failure names the fault it followed.
 */
final class CoreInvariants {
  private CoreInvariants() {}

  static List<Invariant> all(Soak s) {
    List<Invariant> out = new ArrayList<>();
    out.add(named("operator intent survives", as("hub", "intent-lost", when -> intent(s))));
    out.add(named("no unattributed restart", as("docker", "restart-unattributed",
        when -> s.restarts.look(s.containers(), s.attribution, when))));
    out.add(named("no 5xx", as("api", "api-5xx", sinceLast(() -> s.api.serverErrors().stream()
        .map(b -> String.format("%.1fs %s -> %d %s", b.at(), b.call(), b.status(), b.body()))
        .toList()))));
    out.add(named("API answers within 1 s", as("api", "api-slow", sinceLast(s.prober::violations))));
    out.add(named("workload calls answered as expected", as("api", "api-unexpected",
        sinceLast(() -> s.workload.unexpected))));
    out.add(named("no unhandled error in any log", when -> s.logScan.scan()));
    return out;
  }

  /** What the hub says it was told equals what it acknowledged; uncertain entries are adopted. */
  static List<String> intent(Soak s) {
    List<String> problems = new ArrayList<>();
    for (Model.Service m : s.model.services.values()) {
      JsonNode h = Workload.hubService(s.api, m.name);
      boolean exists = h != null && !"INACTIVE".equals(h.path("status").asText())
          && !"DRAINING".equals(h.path("status").asText());
      int desired = h == null ? 0 : h.path("desiredCount").asInt();
      int revision = h == null ? 0 : revisionOf(h.path("taskDefinition").asText());
      if (m.uncertain) {
        m.exists = exists;
        if (exists) {
          m.desired = desired;
          if (revision != m.revision) {
            m.revision = revision;
            m.roll = rollOf(s, m.family, revision);
          }
        }
        m.uncertain = false;
        continue;
      }
      if (exists != m.exists || (exists && (desired != m.desired || revision != m.revision))) {
        problems.add(m.name + ": acknowledged " + m + ", the hub has " + (h == null ? "none" : h));
      }
    }
    for (String d : s.world.devices) {
      var r = s.api.get("/api/v1/devices/" + d);
      if (r.isEmpty()) {
        throw new IllegalStateException("the hub did not answer GET /devices/" + d);
      }
      String status = r.get().json().path("status").asText();
      boolean drained = status.equals("DRAINING") || status.equals("DRAINED");
      if (s.model.drainUncertain) {
        continue;
      }
      if (drained != d.equals(s.model.drained)) {
        problems.add(d + " is " + status + " though the acknowledged intent is "
            + (d.equals(s.model.drained) ? "drained" : "not drained"));
      }
    }
    if (s.model.drainUncertain) {
      s.model.drained = null;
      for (String d : s.world.devices) {
        String st = s.api.get("/api/v1/devices/" + d).orElseThrow().json().path("status").asText();
        if (st.equals("DRAINING") || st.equals("DRAINED")) {
          s.model.drained = d;
        }
      }
      s.model.drainUncertain = false;
    }
    return problems;
  }

  /** {@code soak-plain:3}, or an ARN ending in it. */
  static int revisionOf(String taskDefinition) {
    int colon = taskDefinition.lastIndexOf(':');
    try {
      return colon < 0 ? 0 : Integer.parseInt(taskDefinition.substring(colon + 1));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static int rollOf(Soak s, String family, int revision) {
    JsonNode td = s.api.get("/api/v1/task-definitions/" + family + ":" + revision).orElseThrow()
        .json();
    for (JsonNode e : td.path("containerDefinitions").path(0).path("environment")) {
      if (e.path("name").asText().equals(DockerView.ROLL_VARIABLE)) {
        return e.path("value").asInt();
      }
    }
    return 0;
  }

  /** Problems as findings of one component and kind. */
  private static Function<String, List<Finding>> as(String component, String kind,
      Function<String, List<String>> problems) {
    return when -> problems.apply(when).stream().map(p -> new Finding(component, kind, p)).toList();
  }

  private static Invariant named(String name, Function<String, List<Finding>> problems) {
    return new Invariant() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public Check check(String when) {
        List<Finding> p;
        try {
          p = problems.apply(when);
        } catch (RuntimeException e) {
          p = List.of(new Finding("soak", "check-failed", name + ": the check itself failed: " + e));
        }
        return new Check(name, when, p);
      }
    };
  }

  /** The entries a growing list gained since the last call. */
  private static Function<String, List<String>> sinceLast(Supplier<List<String>> all) {
    int[] seen = {0};
    return when -> {
      List<String> now = List.copyOf(all.get());
      List<String> fresh = now.subList(Math.min(seen[0], now.size()), now.size());
      seen[0] = now.size();
      return fresh;
    };
  }
}
