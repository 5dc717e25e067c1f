package dev.backroom.soak;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The run's record: every fault with its timing, every check with its outcome. */
final class History {
  /** One fault; {@code convergenceMs} -1 when it did not converge within the bound. */
  record FaultRecord(int n, String kind, String target, double atS, long durationMs,
      long convergenceMs, List<String> notes) {}

  final List<FaultRecord> faults = new ArrayList<>();
  final List<Invariant.Check> checks = new ArrayList<>();
  long worstConvergenceMs;

  Map<String, Integer> faultsByKind() {
    Map<String, Integer> m = new TreeMap<>();
    faults.forEach(f -> m.merge(f.kind(), 1, Integer::sum));
    return m;
  }

  List<Invariant.Check> failed() {
    return checks.stream().filter(c -> !c.passed()).toList();
  }

  /** The fault history as lines, for the console and for replaying a failure. */
  List<String> lines() {
    List<String> out = new ArrayList<>();
    for (FaultRecord f : faults) {
      out.add(String.format("#%d at %.1fs: %s %s for %d ms, converged %s", f.n(), f.atS(),
          f.kind(), f.target(), f.durationMs(),
          f.convergenceMs() < 0 ? "NOT within the bound" : "in " + f.convergenceMs() + " ms"));
    }
    return out;
  }
}
