package dev.backroom.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.backroom.config.json.Json;
import dev.backroom.harness.Repo;
import dev.backroom.launcher.JavaOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Writes bench/results/desired-to-running.json: medians, ratios, samples, commit and setup. */
final class DesiredToRunningReport {
  private DesiredToRunningReport() {}

  static void write(int iterations, List<Double> single, List<Double> singleBase,
      List<Double> depends, List<Double> dependsBase) throws Exception {
    ObjectNode out = Json.mapper().createObjectNode();
    out.put("benchmark", "desired-to-running");
    out.put("iterations", iterations);
    BenchStamp.stamp(out);
    String commit = out.get("commit").asText();
    ObjectNode setup = out.putObject("setup");
    Map<String, String> env = System.getenv();
    setup.put("hub", "hub jar with the launcher's JVM options and environment, as ./backroom hub"
        + " runs it (no class archive: it only changes the start): its own Mosquitto (managed),"
        + " TLS on, H2 on disk");
    setup.put("hub_jvm_options", String.join(" ", JavaOptions.hub(env)));
    setup.put("agent", "agent jar enrolled through an activation (device credential, pinned hub"
        + " signing key), one agent, reconcile interval and heartbeat default, the launcher's JVM"
        + " options; --stop-timeout 2 (busybox ignores SIGTERM; only the clean-up between"
        + " iterations waits on it)");
    setup.put("agent_jvm_options", String.join(" ", JavaOptions.agent(env)));
    setup.put("docker", "private dockerd (--bridge=none --iptables=false), networkMode none,"
        + " image backroom/busybox:1 present (no pull)");
    setup.put("cpus", Runtime.getRuntime().availableProcessors());
    setup.put("java", System.getProperty("java.version"));
    out.put("baseline", "docker-java create + start of the same containers (image, command,"
        + " memory, network mode) back to back, in the same run, alternated with Backroom");
    scenario(out.putObject("depends_on"), "db + app, app dependsOn db START: to app's start",
        depends, dependsBase);
    scenario(out.putObject("single_container"), "one container: to its start", single,
        singleBase);
    Path file = Repo.root().resolve("bench/results/desired-to-running.json");
    Files.createDirectories(file.getParent());
    Files.writeString(file, Json.mapper().writerWithDefaultPrettyPrinter()
        .writeValueAsString(out) + "\n");
    System.out.printf("%ndesired-to-running over %d iterations (%s)%n", iterations, commit);
    print("db + app (dependsOn START)", depends, dependsBase);
    print("one container", single, singleBase);
    System.out.println("  goal: ratio to docker create + start <= 1.1 at the median");
    System.out.println("  written to " + file);
  }

  private static void scenario(ObjectNode o, String what, List<Double> backroom,
      List<Double> baseline) {
    double median = Stats.median(backroom);
    double baseMedian = Stats.median(baseline);
    o.put("task", what);
    o.put("median_ms", Stats.round(median));
    o.put("p95_ms", Stats.round(Stats.percentile(backroom, 95)));
    o.put("baseline_median_ms", Stats.round(baseMedian));
    o.put("baseline_p95_ms", Stats.round(Stats.percentile(baseline, 95)));
    o.put("ratio", Math.round(median / baseMedian * 1000.0) / 1000.0);
    o.put("overhead_median_ms", Stats.round(median - baseMedian));
    o.putPOJO("samples_ms", backroom.stream().map(Stats::round).toList());
    o.putPOJO("baseline_samples_ms", baseline.stream().map(Stats::round).toList());
  }

  private static void print(String what, List<Double> backroom, List<Double> baseline) {
    double median = Stats.median(backroom);
    double baseMedian = Stats.median(baseline);
    System.out.printf("  %s: backroom median %.1f ms (p95 %.1f), docker median %.1f ms"
        + " (p95 %.1f), ratio %.3f, overhead %.1f ms%n", what, median,
        Stats.percentile(backroom, 95), baseMedian, Stats.percentile(baseline, 95),
        median / baseMedian, median - baseMedian);
  }
}
