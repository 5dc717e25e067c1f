package dev.backroom.soak;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.backroom.bench.BenchStamp;
import dev.backroom.config.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code bench/results/soak.json}: what ran, what was injected, what held and what did not. */
final class SoakResult {
  private SoakResult() {}

  static ObjectNode build(Soak s, double durationS) {
    ObjectNode out = Json.mapper().createObjectNode();
    out.put("benchmark", "soak");
    BenchStamp.stamp(out);
    out.put("seed", s.options.seed());
    out.put("mode", s.options.mode().name().toLowerCase(java.util.Locale.ROOT));
    out.put("minutes_of_faults", s.options.minutes());
    out.put("duration_s", Math.round(durationS * 10) / 10.0);
    out.put("replay", s.options.replay());
    ObjectNode setup = out.putObject("setup");
    s.world.setup().forEach(setup::put);
    setup.put("convergence_bound_s", Soak.CONVERGENCE_BOUND.toSeconds());
    History h = s.history;
    s.options.faults().forEach(out.putArray("fault_kinds_selected")::add);
    ObjectNode kinds = out.putObject("faults_by_kind");
    h.faultsByKind().forEach(kinds::put);
    ArrayNode faults = out.putArray("faults");
    for (History.FaultRecord f : h.faults) {
      ObjectNode o = faults.addObject();
      o.put("n", f.n()).put("kind", f.kind()).put("target", f.target()).put("at_s",
          Math.round(f.atS() * 10) / 10.0).put("duration_ms", f.durationMs())
          .put("convergence_ms", f.convergenceMs());
      f.notes().forEach(o.putArray("notes")::add);
    }
    ObjectNode actions = out.putObject("workload_actions");
    s.workload.actions.forEach(actions::put);
    Map<String, int[]> byInvariant = new LinkedHashMap<>();
    for (Invariant.Check c : h.checks) {
      byInvariant.computeIfAbsent(c.invariant(), k -> new int[2])[c.passed() ? 0 : 1]++;
    }
    ObjectNode inv = out.putObject("invariants");
    inv.put("passed", h.checks.size() - h.failed().size());
    inv.put("failed", h.failed().size());
    ObjectNode per = inv.putObject("by_invariant");
    byInvariant.forEach((k, v) -> per.putObject(k).put("passed", v[0]).put("failed", v[1]));
    ArrayNode failures = inv.putArray("failures");
    for (Invariant.Check c : h.failed()) {
      ObjectNode f = failures.addObject().put("invariant", c.invariant()).put("when", c.when());
      ArrayNode fs = f.putArray("findings");
      c.findings().forEach(x -> fs.addObject().put("component", x.component())
          .put("kind", x.kind()).put("detail", x.detail()));
    }
    out.put("worst_convergence_ms", h.worstConvergenceMs);
    ObjectNode r = out.putObject("restarts");
    r.put("attributed", s.restarts.attributedRestarts);
    r.put("new_containers_attributed", s.restarts.attributedNew);
    r.put("unattributed", s.restarts.unattributed.size());
    s.restarts.unattributed.forEach(r.putArray("unattributed_details")::add);
    ObjectNode api = out.putObject("api");
    api.put("calls", s.api.calls());
    api.put("server_errors", s.api.serverErrors().size());
    api.put("probes", s.prober.probes);
    api.put("probes_excused_hub_down", s.prober.excused);
    api.put("probe_worst_ms", s.prober.worstMs);
    api.put("probes_over_1s_or_unanswered", s.prober.violations().size());
    ObjectNode logs = out.putObject("logs");
    logs.put("errors", s.logScan.errors.size());
    logs.put("warnings_with_stack_trace", s.logScan.warningsWithTrace.size());
    s.logScan.environmental.stream().distinct()
        .forEach(logs.putArray("set_aside_environmental")::add);
    s.logScan.warningsWithTrace.stream().limit(20).forEach(logs.putArray("warnings_with_stack_trace_first")::add);
    return out;
  }

  static void write(ObjectNode result, Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(file, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(result)
        + "\n");
  }
}
