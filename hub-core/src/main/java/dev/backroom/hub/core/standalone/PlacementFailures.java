package dev.backroom.hub.core.standalone;

import dev.backroom.hub.core.scheduler.Unplaced;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Turns the scheduler's per-device objections into ECS RunTask failures. The scheduler speaks
 * plain words ("needs 512 MiB, 100 free"); the codes are read from those words, and a test runs
 * the real checks so that a change of wording that breaks this fails there. Pure.
 */
public final class PlacementFailures {
  private PlacementFailures() {}

  /**
   * One failure per device and reason over all the tasks that found no device, ordered by
   * device; with no devices at all, one AGENT failure per unplaced task.
   */
  public static List<RunTaskFailure> of(List<Unplaced> unplaced) {
    Set<RunTaskFailure> out = new LinkedHashSet<>();
    for (Unplaced u : unplaced) {
      if (u.reasonByDevice().isEmpty()) {
        out.add(new RunTaskFailure(null, RunTaskFailure.AGENT,
            "no device has registered with the hub"));
      }
      u.reasonByDevice().forEach((device, why) ->
          out.add(new RunTaskFailure(device, code(why), why)));
    }
    List<RunTaskFailure> list = new ArrayList<>(out);
    list.sort(Comparator.comparing((RunTaskFailure f) -> f.arn() == null ? "" : f.arn())
        .thenComparing(RunTaskFailure::reason));
    return List.copyOf(list);
  }

  /** ECS's code for one objection of the scheduler's feasibility checks. */
  static String code(String why) {
    String w = why == null ? "" : why.toLowerCase(Locale.ROOT);
    if (w.startsWith("not schedulable")) {
      return RunTaskFailure.AGENT;
    }
    if (w.contains(" mib")) {
      return RunTaskFailure.MEMORY;
    }
    if (w.contains("cpu units")) {
      return RunTaskFailure.CPU;
    }
    if (w.contains(" gpu")) {
      return RunTaskFailure.GPU;
    }
    if (w.contains("port")) {
      return RunTaskFailure.PORTS;
    }
    // memberOf, arch, distinctInstance and unsupported constraints: the device does not match.
    return RunTaskFailure.ATTRIBUTE;
  }
}
