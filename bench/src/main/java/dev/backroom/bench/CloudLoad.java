package dev.backroom.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.backroom.config.json.Json;
import dev.backroom.harness.Repo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Cloud load, OPEN LOOP: N SIMULATED stores ({@link CloudLoadFleet}, in-process HTTP clients, no
 * hubs) enrolled for real against one or two real sync/cloud instances on one PostgreSQL, each
 * sending what a real store sends on the hub's own schedule ({@link CloudLoadModel}), driven by
 * {@link CloudLoadDriver}. Latencies are measured from each request's scheduled send time, so a
 * slow cloud cannot slow the offered load down and hide its queue (coordinated omission).
 *
 * <p>First the real rate (multiple 1), then a rate sweep for the highest multiple whose p99 stays
 * under the goal ({@link CloudLoadLevels}). Result file: {@code {"benchmark":"cloud-load",
 * "model":{...}, "setup":{...}, "runs":[{instances, at_real_rate:{...}, sweep:[...],
 * highest_multiple_under_goal, ...}]}}, one run per instance count.
 */
public final class CloudLoad {
  private CloudLoad() {}

  public static void main(String[] args) throws Exception {
    if (List.of(args).contains("--help")) {
      System.out.println(CloudLoadOptions.USAGE);
      return;
    }
    CloudLoadOptions o = CloudLoadOptions.parse(args);
    o.validate();
    CloudLoadModel model = CloudLoadModel.defaults(o);
    String run = UUID.randomUUID().toString().substring(0, 6);
    Path dir = Files.createDirectories(Repo.root().resolve("bench/target/runs/cloud-load-" + run));
    System.out.printf("cloud-load: %d SIMULATED stores (in-process HTTP clients, no hubs), open loop"
        + " at the hub's schedule: %.0f requests/s at multiple 1; instances %s on %s; run dir %s%n",
        o.stores(), model.requestsPerS(o.stores()), o.instances(), o.backend(), dir);
    ObjectNode out = Json.mapper().createObjectNode();
    out.put("benchmark", "cloud-load");
    out.put("simulated", true);
    out.put("simulation", "stores are in-process HTTP clients in the bench JVM (java.net.http,"
        + " asynchronous), each enrolled for real with its own activation, following the hub's sync"
        + " calls on the hub's schedule (model); no hubs run");
    out.put("open_loop", true);
    out.set("model", model.toJson(o.stores()));
    ObjectNode setup = out.putObject("setup");
    setup.put("backend", o.backend());
    setup.put("latency", "reports, telemetry and acks: answer time minus the scheduled send time"
        + " (a batch due while its store's previous one is unanswered waits, and the wait counts);"
        + " batches still unanswered when a level's figures are taken count with their age so far");
    setup.put("long_polls", "not latency samples: reported apart as wake latency (operator change"
        + " sent to the woken store's answer, including the cloud's 200 ms revision watch) and"
        + " lateness of timed-out polls past their wait");
    setup.put("load_balancing", "store i (region i mod regions) talks to instance (i div regions)"
        + " mod n, the operator to instance 0: with two instances every region has stores on both,"
        + " and half of each rollout's wakes cross instances");
    setup.put("same_machine", "the bench JVM, every cloud instance and PostgreSQL share the"
        + " machine's cores; bench_cpu_cores says what the load generator took");
    setup.put("http_clients", o.httpClients());
    setup.put("warmup_s", o.warmupS());
    setup.put("seconds_per_level", o.seconds());
    setup.put("goal_p99_ms", o.goalMs());
    setup.put("cloud_java_opts", o.cloudJavaOpts());
    setup.putPOJO("cloud_props", o.cloudProps());
    setup.put("activation_hash_iterations", o.hashIterations() > 0
        ? Integer.toString(o.hashIterations()) : "the cloud's default (production setting)");
    ArrayNode runs = out.putArray("runs");
    for (int n : o.instances()) {
      runs.add(runInstances(o, model, n, dir.resolve(n + "-instance" + (n > 1 ? "s" : ""))));
    }
    BenchStamp.stamp(out);
    out.put("java", System.getProperty("java.version"));
    Path file = o.out() == null ? Repo.root().resolve("bench/results/cloud-load.json") : Path.of(o.out());
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.writeString(file, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(out) + "\n");
    System.out.println("\ncloud-load, " + o.stores() + " simulated stores, open loop:");
    for (var r : runs) {
      var real = r.get("at_real_rate");
      System.out.printf("  %d instance(s): at the real rate (%.0f req/s) p50 %.1f ms, p99 %.1f ms;"
          + " highest multiple with p99 < %.0f ms: %s%n", r.get("instances").asInt(),
          real.get("offered_requests_per_s").asDouble(), real.get("p50_ms").asDouble(),
          real.get("p99_ms").asDouble(), o.goalMs(), r.get("highest_multiple_under_goal"));
    }
    System.out.println("  written to " + file);
  }

  private static ObjectNode runInstances(CloudLoadOptions o, CloudLoadModel model, int n, Path dir)
      throws Exception {
    List<String> props = new ArrayList<>(o.cloudProps());
    if (o.hashIterations() > 0) {
      props.add("backroom.cloud.activation-hash-iterations=" + o.hashIterations());
    }
    String javaOpts = o.cloudJavaOpts();
    Path jfr = dir.resolve("cloud-0.jfr").toAbsolutePath();
    if (o.profile() && n == 1) {
      javaOpts += " -XX:StartFlightRecording=filename=" + jfr + ",settings=profile";
    }
    Files.createDirectories(dir);
    try (CloudProcess cloud = CloudProcess.start(dir, o.backend(), n, javaOpts, props)) {
      System.out.printf("  [%d] cloud ready at %s (pids %s)%n", n, cloud.urls(), cloud.pids());
      CloudLoadFleet fleet = new CloudLoadFleet(cloud, o);
      double enrollS = fleet.enrollAll();
      System.out.printf("  [%d] %d stores enrolled in %.1f s (%.0f/s, %d at a time)%n", n,
          o.stores(), enrollS, o.stores() / enrollS, o.enrollParallel());
      for (int region = 0; region < model.regions(); region++) {
        if (!fleet.putRegion(region, region)) {
          throw new IllegalStateException("operator put for region " + region + " refused");
        }
      }
      try (CloudLoadDriver driver = new CloudLoadDriver(fleet, model, cloud.urls(), o.httpClients())) {
        CloudLoadLevels levels = new CloudLoadLevels(o, model, cloud, fleet, driver);
        driver.start(levels.first(), model.pollWaitS());
        AtomicBoolean stop = new AtomicBoolean();
        Thread operator = fleet.churn(driver, model, levels::multiple, stop, levels.puts);
        Instant profiledFrom = Instant.now();
        ObjectNode r;
        try {
          r = levels.sweep();
        } finally {
          stop.set(true);
          operator.interrupt();
          operator.join(5_000);
        }
        r.put("instances", n);
        r.put("backend", o.backend());
        r.put("stores", o.stores());
        r.put("simulated", true);
        r.put("enroll_s", Stats.round(enrollS));
        r.put("cloud_rss_mb", cloud.pids().stream().mapToLong(ProcStats::rssKb).sum() / 1024);
        if (o.profile() && n == 1) {
          cloud.close(); // the recording is written at exit
          CloudLoadProfile.print(jfr, profiledFrom, Instant.now());
        }
        return r;
      }
    }
  }
}
