package dev.backroom.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.backroom.config.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The levels of one cloud-load run: the fleet keeps running while the rate multiple changes; each
 * level warms up, then measures a window. A request belongs to the window its scheduled send time
 * falls in; the figures are taken once every such request was answered, or after a grace period
 * in which case those still open count with their age so far.
 */
final class CloudLoadLevels {
  static final List<Double> UP = List.of(1.5, 2.0, 3.0, 4.0, 6.0, 8.0);
  static final List<Double> DOWN = List.of(0.75, 0.5, 0.35, 0.25, 0.15, 0.1);
  private static final long GRACE_NANOS = TimeUnit.SECONDS.toNanos(15);

  private final CloudLoadOptions o;
  private final CloudLoadModel model;
  private final CloudProcess cloud;
  private final CloudLoadFleet fleet;
  private final CloudLoadDriver driver;
  private volatile double multiple = 1;
  private int levels;
  final AtomicLong puts = new AtomicLong();

  CloudLoadLevels(CloudLoadOptions o, CloudLoadModel model, CloudProcess cloud, CloudLoadFleet fleet,
      CloudLoadDriver driver) {
    this.o = o;
    this.model = model;
    this.cloud = cloud;
    this.fleet = fleet;
    this.driver = driver;
  }

  double multiple() {
    return multiple;
  }

  /** The rate multiple the first level runs at, which the fleet starts at. */
  double first() {
    multiple = o.rates().isEmpty() ? 1.0 : o.rates().get(0);
    return multiple;
  }

  /** Multiple 1, then up while under the goal or down until under it (or the given list). */
  ObjectNode sweep() throws InterruptedException {
    ObjectNode r = Json.mapper().createObjectNode();
    ArrayNode sweep = r.putArray("sweep");
    Double best = null;
    if (!o.rates().isEmpty()) {
      for (double m : o.rates()) {
        ObjectNode l = level(m);
        sweep.add(l);
        if (m == 1.0) {
          r.set("at_real_rate", l);
        }
        if (l.get("under_goal").asBoolean() && (best == null || m > best)) {
          best = m;
        }
      }
      if (!r.has("at_real_rate")) {
        r.set("at_real_rate", sweep.get(0));
      }
    } else {
      ObjectNode real = level(1.0);
      r.set("at_real_rate", real);
      sweep.add(real);
      boolean up = real.get("under_goal").asBoolean();
      best = up ? 1.0 : null;
      for (double m : up ? UP : DOWN) {
        ObjectNode l = level(m);
        sweep.add(l);
        boolean ok = l.get("under_goal").asBoolean();
        if (up && !ok) {
          break;
        }
        if (ok) {
          best = m;
          if (!up) {
            break;
          }
        }
      }
    }
    if (best == null) {
      r.putNull("highest_multiple_under_goal");
    } else {
      r.put("highest_multiple_under_goal", best);
      r.put("highest_requests_per_s_under_goal", Math.round(model.requestsPerS(o.stores()) * best));
    }
    r.put("goal_p99_ms", o.goalMs());
    r.put("acks", fleet.acks.get());
    r.put("full_snapshots", fleet.fullSnapshots.get());
    r.put("operator_puts", puts.get());
    Map<String, Long> errors = new TreeMap<>();
    driver.errors.forEach((k, v) -> errors.put(k, v.get()));
    r.putPOJO("errors", errors);
    return r;
  }

  /**
   * One level: warm-up at {@code m}, then a measured window. After an earlier level, the fleet is
   * first let drain at a tenth of the real rate, so that a level never inherits the queue an
   * overloaded one left behind (its figures would then be the previous level's).
   */
  ObjectNode level(double m) throws InterruptedException {
    if (levels++ > 0) {
      settle();
    }
    multiple = m;
    driver.setMultiple(m);
    Thread.sleep(TimeUnit.SECONDS.toMillis(o.warmupS()));
    String load = BenchStamp.loadAverage();
    long cpu0 = cloud.cloudCpuTicks();
    long db0 = cloud.dbCpuTicks();
    long bench0 = ProcStats.cpuTicks(ProcessHandle.current().pid());
    Map<String, double[]> server0 = serverTimes();
    long from = System.nanoTime();
    Thread.sleep(TimeUnit.SECONDS.toMillis(o.seconds()));
    long to = System.nanoTime();
    Map<String, double[]> server1 = serverTimes();
    double wallS = (to - from) / 1e9;
    double cores = (cloud.cloudCpuTicks() - cpu0) / (double) ProcStats.TICKS_PER_SECOND / wallS;
    double dbCores = (cloud.dbCpuTicks() - db0) / (double) ProcStats.TICKS_PER_SECOND / wallS;
    double benchCores = (ProcStats.cpuTicks(ProcessHandle.current().pid()) - bench0)
        / (double) ProcStats.TICKS_PER_SECOND / wallS;
    int openPolls = driver.openPolls();
    // Wait for the window's requests to be answered; those that are not count as they stand.
    long graceEnd = System.nanoTime() + GRACE_NANOS;
    while (System.nanoTime() < graceEnd && !driver.unanswered(to, System.nanoTime()).stream()
        .allMatch(s -> s.scheduled() < from)) {
      Thread.sleep(200);
    }
    List<CloudLoadDriver.Sample> window = new ArrayList<>();
    CloudLoadDriver.Sample s;
    while ((s = driver.samples.poll()) != null) {
      if (s.scheduled() >= from && s.scheduled() < to) {
        window.add(s);
      }
    }
    List<CloudLoadDriver.Sample> open = driver.unanswered(to, System.nanoTime()).stream()
        .filter(u -> u.scheduled() >= from).toList();
    window.addAll(open);
    List<CloudLoadDriver.Wake> wakes = drain(driver.wakes).stream()
        .filter(w -> w.putAt() >= from && w.putAt() < to).toList();
    List<long[]> late = drain(driver.pollLateness).stream().filter(p -> p[0] >= from && p[0] < to).toList();
    List<long[]> lag = drain(driver.sendLag).stream().filter(p -> p[0] >= from && p[0] < to).toList();

    ObjectNode l = Json.mapper().createObjectNode();
    l.put("multiple", m);
    l.put("offered_requests_per_s", Math.round(model.requestsPerS(o.stores()) * m));
    l.put("seconds", o.seconds());
    l.put("load_average", load);
    l.put("samples", window.size());
    l.put("answered_per_s", Stats.round((window.size() - open.size()) / wallS));
    l.put("unanswered_after_grace", open.size());
    List<Double> all = ms(window.stream().mapToLong(CloudLoadDriver.Sample::latency));
    boolean under = !all.isEmpty() && Stats.percentile(all, 99) < o.goalMs() && open.isEmpty();
    percentiles(l, "", all);
    l.put("under_goal", under);
    ObjectNode per = l.putObject("channels");
    for (int c = 0; c < CloudLoadDriver.CHANNELS.length; c++) {
      int ch = c;
      List<Double> xs = ms(window.stream().filter(x -> x.channel() == ch)
          .mapToLong(CloudLoadDriver.Sample::latency));
      ObjectNode cn = per.putObject(CloudLoadDriver.CHANNELS[c]);
      cn.put("count", xs.size());
      percentiles(cn, "", xs);
    }
    ObjectNode lp = l.putObject("long_polls");
    lp.put("open_at_end", openPolls);
    lp.put("timed_out", late.size());
    percentiles(lp, "timeout_late_", ms(late.stream().mapToLong(p -> p[1])));
    lp.put("woken", wakes.size());
    percentiles(lp, "wake_", ms(wakes.stream().mapToLong(CloudLoadDriver.Wake::latency)));
    percentiles(lp, "wake_cross_instance_", ms(wakes.stream().filter(CloudLoadDriver.Wake::crossInstance)
        .mapToLong(CloudLoadDriver.Wake::latency)));
    percentiles(l, "bench_send_lag_", ms(lag.stream().mapToLong(p -> p[1])));
    // The cloud's own view (its backroom_cloud_sync_requests_seconds timer, from routing to
    // response): against the latencies above it says how much of them was spent inside it.
    ObjectNode server = l.putObject("cloud_server_mean_ms");
    server1.forEach((endpoint, v) -> {
      double[] b = server0.getOrDefault(endpoint, new double[2]);
      if (v[0] > b[0] && !endpoint.equals("desired")) {
        server.put(endpoint, r2((v[1] - b[1]) / (v[0] - b[0]) * 1000));
      }
    });
    l.put("cloud_cpu_cores", Math.round(cores * 100) / 100.0);
    l.put("postgresql_cpu_cores", Math.round(dbCores * 100) / 100.0);
    l.put("bench_cpu_cores", Math.round(benchCores * 100) / 100.0);
    System.out.printf("  [x%.2f] %d samples (%.0f/s offered): p50 %.1f ms, p99 %.1f ms%s;"
        + " reports p99 %.1f, telemetry p99 %.1f, ack p99 %.1f; wake p99 %.0f ms; %d open after"
        + " grace; cloud %.2f + db %.2f + bench %.2f cores; load %s; in the cloud (mean ms) %s;"
        + " errors %s%n", m, window.size(),
        model.requestsPerS(o.stores()) * m, l.path("p50_ms").asDouble(), l.path("p99_ms").asDouble(),
        under ? " (under goal)" : "", per.path("reports").path("p99_ms").asDouble(),
        per.path("telemetry").path("p99_ms").asDouble(), per.path("ack").path("p99_ms").asDouble(),
        lp.path("wake_p99_ms").asDouble(), open.size(), cores, dbCores, benchCores, load, server,
        driver.errors);
    return l;
  }

  /** Per endpoint, summed over the instances: {count, seconds} of the cloud's sync timer. */
  private Map<String, double[]> serverTimes() {
    Map<String, double[]> out = new TreeMap<>();
    java.util.regex.Pattern line = java.util.regex.Pattern.compile(
        "backroom_cloud_sync_requests_seconds_(count|sum)\\{([^}]*)\\} ([0-9.eE+-]+)");
    for (String url : cloud.urls()) {
      SyncHttp.Reply r = new SyncHttp(url).get("/q/metrics", null);
      if (r.status() != 200) {
        continue;
      }
      for (String l : r.body().split("\n")) {
        java.util.regex.Matcher mt = line.matcher(l);
        if (mt.find()) {
          java.util.regex.Matcher ep = java.util.regex.Pattern.compile("endpoint=\"([^\"]*)\"")
              .matcher(mt.group(2));
          String endpoint = ep.find() ? ep.group(1) : "?";
          double[] v = out.computeIfAbsent(endpoint, k -> new double[2]);
          v[mt.group(1).equals("count") ? 0 : 1] += Double.parseDouble(mt.group(3));
        }
      }
    }
    return out;
  }

  /** Waits (at most two minutes) until no batch is waiting for an answer, at a low rate. */
  private void settle() throws InterruptedException {
    multiple = 0.1;
    driver.setMultiple(0.1);
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    long t0 = System.nanoTime();
    while (System.nanoTime() < deadline && !driver.unanswered(Long.MAX_VALUE, System.nanoTime()).isEmpty()) {
      Thread.sleep(500);
    }
    System.out.printf("  (settled in %.1f s)%n", (System.nanoTime() - t0) / 1e9);
  }

  private static void percentiles(ObjectNode n, String prefix, List<Double> xs) {
    if (xs.isEmpty()) {
      return;
    }
    n.put(prefix + "p50_ms", r2(Stats.percentile(xs, 50)));
    n.put(prefix + "p90_ms", r2(Stats.percentile(xs, 90)));
    n.put(prefix + "p99_ms", r2(Stats.percentile(xs, 99)));
    n.put(prefix + "max_ms", r2(Stats.percentile(xs, 100)));
  }

  private static double r2(double v) {
    return Math.round(v * 100) / 100.0;
  }

  private static List<Double> ms(java.util.stream.LongStream nanos) {
    return nanos.mapToObj(x -> x / 1e6).toList();
  }

  private static <T> List<T> drain(java.util.Queue<T> q) {
    List<T> out = new ArrayList<>();
    T t;
    while ((t = q.poll()) != null) {
      out.add(t);
    }
    return out;
  }
}
