package dev.backroom.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.backroom.config.json.Json;
import dev.backroom.harness.Repo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Cloud load: N SIMULATED stores ({@link CloudLoadFleet}) enrolled for real against the real
 * sync/cloud process, then syncing with fixed concurrency for a fixed time, once per database
 * backend. Per-sync latency p50/p99, throughput and the cloud's CPU, against a GET
 * /q/health/live round trip on the same server at the same concurrency (the HTTP floor).
 *
 * <p>Result file: {@code {"benchmark":"cloud-load", ..., "runs":[{backend, stores, p50_ms,
 * p99_ms, ...}, ...]}}, one run object per backend.
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
    String run = UUID.randomUUID().toString().substring(0, 6);
    Path dir = Files.createDirectories(Repo.root().resolve("bench/target/runs/cloud-load-" + run));
    System.out.printf("cloud-load: %d SIMULATED stores (in-process HTTP clients, no hubs),"
        + " concurrency %d, %d s measured after %d s warm-up, backends %s; run dir %s%n",
        o.stores(), o.concurrency(), o.seconds(), o.warmupS(), o.backends(), dir);
    ObjectNode out = Json.mapper().createObjectNode();
    out.put("benchmark", "cloud-load");
    out.put("simulated", true);
    out.put("simulation", "stores are in-process HTTP clients in the bench JVM following the hub's"
        + " sync calls (desired poll with wait=0, report batch with the next sequence, ack when the"
        + " revision moved); each enrolled for real with its own activation; no hubs run");
    out.put("ratio_definition", "p50 of one store sync (2 or 3 requests) / p50 of GET"
        + " /q/health/live on the same server at the same concurrency");
    ArrayNode runs = out.putArray("runs");
    for (String backend : o.backends()) {
      runs.add(runBackend(o, backend, dir.resolve(backend)));
    }
    BenchStamp.stamp(out);
    out.put("java", System.getProperty("java.version"));
    out.put("cloud_java_opts", o.cloudJavaOpts());
    out.put("activation_hash_iterations", o.hashIterations() > 0 ? Integer.toString(o.hashIterations())
        : "the cloud's default (production setting)");
    Path file = o.out() == null ? Repo.root().resolve("bench/results/cloud-load.json") : Path.of(o.out());
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.writeString(file, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(out) + "\n");
    System.out.println("\ncloud-load, " + o.stores() + " simulated stores, concurrency " + o.concurrency() + ":");
    for (var r : runs) {
      System.out.printf("  %-10s sync p50 %.1f ms, p99 %.1f ms, %.0f syncs/s; health p50 %.2f ms;"
          + " ratio %.1f; cloud %.2f cores%n", r.get("backend").asText(), r.get("p50_ms").asDouble(),
          r.get("p99_ms").asDouble(), r.get("syncs_per_s").asDouble(),
          r.get("baseline_p50_ms").asDouble(), r.get("ratio").asDouble(),
          r.get("cloud_cpu_cores").asDouble());
    }
    System.out.println("  written to " + file);
  }

  private static ObjectNode runBackend(CloudLoadOptions o, String backend, Path dir) throws Exception {
    try (CloudProcess cloud = CloudProcess.start(dir, backend, o.cloudJavaOpts(),
        o.hashIterations() > 0
            ? List.of("backroom.cloud.activation-hash-iterations=" + o.hashIterations()) : List.of())) {
      System.out.printf("  [%s] cloud ready at %s (pid %d)%n", backend, cloud.url(), cloud.pid());
      CloudLoadFleet fleet = new CloudLoadFleet(cloud, o);
      double enrollS = fleet.enrollAll();
      System.out.printf("  [%s] %d stores enrolled in %.1f s (%.0f/s, %d at a time)%n", backend,
          o.stores(), enrollS, o.stores() / enrollS, o.enrollParallel());
      AtomicBoolean stop = new AtomicBoolean();
      AtomicLong puts = new AtomicLong();
      Thread operator = fleet.churn(stop, puts);
      long cpu0 = ProcStats.cpuTicks(cloud.pid());
      long db0 = cloud.dbCpuTicks();
      long t0 = System.nanoTime();
      List<Double> syncs = fleet.drive(o.warmupS(), o.seconds(), null);
      double wallS = (System.nanoTime() - t0) / 1e9;
      double cores = (ProcStats.cpuTicks(cloud.pid()) - cpu0) / (double) ProcStats.TICKS_PER_SECOND / wallS;
      double dbCores = (cloud.dbCpuTicks() - db0) / (double) ProcStats.TICKS_PER_SECOND / wallS;
      stop.set(true);
      operator.interrupt();
      operator.join(5_000);
      long rssKb = ProcStats.rssKb(cloud.pid());
      Map<String, Long> errors = new TreeMap<>();
      fleet.errors.forEach((k, v) -> errors.put(k, v.get()));
      if (syncs.isEmpty()) {
        throw new IllegalStateException("[" + backend + "] no successful sync; errors " + errors
            + "\n" + cloud.process().tail(30));
      }
      SyncHttp health = cloud.http();
      List<Double> base = fleet.drive(1, o.baselineS(), () -> health.status("/q/health/live") == 200);
      double p50 = Stats.percentile(syncs, 50);
      double bp50 = Stats.percentile(base, 50);
      ObjectNode r = Json.mapper().createObjectNode();
      r.put("backend", backend);
      r.put("stores", o.stores());
      r.put("simulated", true);
      r.put("p50_ms", Math.round(p50 * 100) / 100.0);
      r.put("p90_ms", Math.round(Stats.percentile(syncs, 90) * 100) / 100.0);
      r.put("p99_ms", Math.round(Stats.percentile(syncs, 99) * 100) / 100.0);
      r.put("syncs", syncs.size());
      r.put("syncs_per_s", Stats.round(syncs.size() / (double) o.seconds()));
      r.put("concurrency", o.concurrency());
      r.put("seconds", o.seconds());
      r.put("warmup_s", o.warmupS());
      r.put("acks", fleet.acks.get());
      r.put("full_snapshots", fleet.fullSnapshots.get());
      r.put("operator_puts", puts.get());
      r.put("churn_ms", o.churnMs());
      r.put("regions", o.regions());
      r.putPOJO("errors", errors);
      r.put("baseline_p50_ms", Math.round(bp50 * 100) / 100.0);
      r.put("baseline_p99_ms", Math.round(Stats.percentile(base, 99) * 100) / 100.0);
      r.put("baseline_requests_per_s", Stats.round(base.size() / (double) o.baselineS()));
      r.put("baseline", "GET /q/health/live, same server, same concurrency");
      r.put("ratio", Stats.round(p50 / bp50));
      r.put("cloud_cpu_cores", Math.round(cores * 100) / 100.0);
      if (backend.equals("postgresql")) {
        r.put("postgresql_cpu_cores", Math.round(dbCores * 100) / 100.0);
      }
      r.put("cloud_rss_mb", rssKb / 1024);
      r.put("enroll_s", Stats.round(enrollS));
      r.put("enroll_per_s", Stats.round(o.stores() / enrollS));
      System.out.printf("  [%s] %d syncs in %d s: p50 %.1f ms, p99 %.1f ms; health p50 %.2f ms;"
          + " %d acks, %d operator puts, errors %s%n", backend, syncs.size(), o.seconds(), p50,
          Stats.percentile(syncs, 99), bp50, fleet.acks.get(), puts.get(), errors);
      return r;
    }
  }
}
