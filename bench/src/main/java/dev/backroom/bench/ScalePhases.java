package dev.backroom.bench;

import static dev.backroom.bench.Scale.seconds;
import static dev.backroom.bench.Scale.sleep;
import static dev.backroom.bench.ScaleResults.round;
import static dev.backroom.bench.ScaleResults.round2;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.backroom.config.json.Json;
import dev.backroom.config.model.TaskDefinition;
import dev.backroom.harness.HubApi;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/** The scale run's phases, in order: connect, baseline, place, lose, reschedule, verify, idle. */
final class ScalePhases {
  /** What the idle phase measured, for the headline figures. */
  record IdleFigures(double idleCpuPct, double settleCpuPct, double rssMb, double peakRssMb) {}

  private final ScaleOptions o;
  private final ScaleHub hub;
  private final ScaleResults results;
  private final long hubPid;
  private final long benchPid;
  private long lossAt;

  ScalePhases(ScaleOptions o, ScaleHub hub, ScaleResults results, long benchPid) {
    this.o = o;
    this.hub = hub;
    this.results = results;
    this.hubPid = hub.pid();
    this.benchPid = benchPid;
  }

  void awaitAllActive(SimulatedFleet fleet) {
    Set<String> ids = new HashSet<>();
    fleet.agents().forEach(a -> ids.add(a.deviceId));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(o.timeoutS());
    while (System.nanoTime() < deadline) {
      int active = 0;
      for (JsonNode d : getJson("/api/v1/devices")) {
        if (ids.contains(d.path("deviceId").asText()) && "ACTIVE".equals(d.path("status").asText())) {
          active++;
        }
      }
      if (active == ids.size()) {
        return;
      }
      sleep(500);
    }
    throw new IllegalStateException("not all " + ids.size() + " devices ACTIVE within " + o.timeoutS() + " s");
  }

  /**
   * The transport floor on a fresh copy of the hub's broker ({@link BaselineBroker}), tried up
   * to three times: a one-shot measuring client that loses its connection would just wait,
   * where our own agents reconnect.
   */
  double baseline(SimulatedFleet fleet, TaskDefinition td, java.nio.file.Path brokerCopy)
      throws Exception {
    IllegalStateException last = null;
    for (int attempt = 1; attempt <= 3; attempt++) {
      try (BaselineBroker broker = BaselineBroker.copyOf(hub.brokerDir(),
          brokerCopy.resolveSibling(brokerCopy.getFileName() + "-" + attempt))) {
        return TransportBaseline.measure(fleet, broker, td, o.tasks(), o.services(),
            Math.min(60_000L, o.timeoutS() * 1000L));
      } catch (IllegalStateException e) {
        last = e;
        System.out.printf("  transport baseline attempt %d failed (%s); retrying%n", attempt, e.getMessage());
        results.node().put("baseline_retries", attempt);
      }
    }
    throw last;
  }

  /** From the first service POST until the services' runningCount adds up to every task. */
  double place(SimulatedFleet fleet) {
    System.out.printf("  placing: %d services, %d tasks%n", o.services(), o.tasks());
    long cpu0 = ProcStats.cpuTicks(hubPid);
    long bench0 = ProcStats.cpuTicks(benchPid);
    Instant from = Instant.now();
    hub.threadDumpLater("placement", 1500);
    long t0 = System.nanoTime();
    for (int i = 0; i < o.services(); i++) {
      int count = o.tasks() / o.services() + (i < o.tasks() % o.services() ? 1 : 0);
      hub.api().post("/api/v1/services", String.format(
          "{\"serviceName\":\"scale-%03d\",\"taskDefinition\":\"scale\",\"desiredCount\":%d}", i, count))
          .expect(201);
    }
    double postS = seconds(t0);
    long deadline = t0 + TimeUnit.SECONDS.toNanos(o.timeoutS());
    List<Double> pollMs = new ArrayList<>();
    long running = 0;
    long pending = 0;
    Double placeS = null;
    while (System.nanoTime() < deadline) {
      long q = System.nanoTime();
      JsonNode services = getJson("/api/v1/services");
      pollMs.add((System.nanoTime() - q) / 1e6);
      running = 0;
      pending = 0;
      for (JsonNode s : services) {
        if (s.path("serviceName").asText().startsWith("scale-")) {
          running += s.path("runningCount").asLong();
          pending += s.path("pendingCount").asLong();
        }
      }
      if (running == o.tasks() && pending == 0) {
        placeS = seconds(t0);
        break;
      }
      sleep(o.pollMs());
    }
    hub.window("placement", from);
    double hubCpuS = (ProcStats.cpuTicks(hubPid) - cpu0) / (double) ProcStats.TICKS_PER_SECOND;
    double benchCpuS = (ProcStats.cpuTicks(benchPid) - bench0) / (double) ProcStats.TICKS_PER_SECOND;
    long lastApplied = fleet.agents().stream().mapToLong(a -> a.appliedAtNanos).max().orElse(t0);
    ObjectNode p = results.node().putObject("placement");
    p.put("services_posted_s", round(postS));
    p.put("last_assignment_applied_by_agents_s", round((lastApplied - t0) / 1e9));
    p.put("hub_cpu_s", round(hubCpuS));
    p.put("bench_cpu_s", round(benchCpuS));
    p.put("api_polls", pollMs.size());
    p.put("api_poll_median_ms", round(pollMs.isEmpty() ? 0 : Stats.median(pollMs)));
    p.put("api_poll_max_ms", round(pollMs.isEmpty() ? 0 : Stats.percentile(pollMs, 100)));
    if (placeS == null) {
      p.put("timed_out", true);
      System.out.printf("  placement TIMED OUT after %d s: %d running, %d pending of %d%n",
          o.timeoutS(), running, pending, o.tasks());
      return Double.NaN;
    }
    System.out.printf("  placed and acknowledged: %.2f s (POSTs done at %.2f s, last agent applied its"
        + " assignment at %.2f s; hub CPU %.1f s, bench CPU %.1f s; API poll median %.0f ms)%n",
        placeS, postS, (lastApplied - t0) / 1e9, hubCpuS, benchCpuS,
        pollMs.isEmpty() ? 0 : Stats.median(pollMs));
    return placeS;
  }

  /** Drops every k-th agent's TCP connection without DISCONNECT, so the broker fires its will. */
  Set<String> loseDevices(SimulatedFleet fleet) {
    int n = o.devices();
    int count = Math.max(1, Math.round(n * o.losePct() / 100f));
    Set<String> lost = new HashSet<>();
    lossAt = System.nanoTime();
    for (int i = 0; i < count; i++) {
      SimulatedAgent a = fleet.agents().get((int) ((long) i * n / count));
      a.loseAbruptly();
      lost.add(a.deviceId);
    }
    System.out.printf("  lost %d devices abruptly (TCP closed without DISCONNECT; the broker fires"
        + " their last will) in %.1f ms%n", lost.size(), (System.nanoTime() - lossAt) / 1e6);
    return lost;
  }

  /**
   * From the loss until the lost devices hold no active task and the survivors run every task,
   * as GET /api/v1/devices shows. Also notes when the API first shows every lost device LOST.
   */
  double reschedule(SimulatedFleet fleet, Set<String> lost) {
    long cpu0 = ProcStats.cpuTicks(hubPid);
    long bench0 = ProcStats.cpuTicks(benchPid);
    Instant from = Instant.now();
    hub.threadDumpLater("reschedule", 300);
    long deadline = lossAt + TimeUnit.SECONDS.toNanos(o.timeoutS());
    Double detectS = null;
    Double doneS = null;
    long running = 0;
    long onLost = 0;
    List<Double> pollMs = new ArrayList<>();
    while (System.nanoTime() < deadline) {
      long q = System.nanoTime();
      JsonNode devices = getJson("/api/v1/devices");
      long t = System.nanoTime();
      pollMs.add((t - q) / 1e6);
      int lostShown = 0;
      running = 0;
      long pending = 0;
      onLost = 0;
      for (JsonNode d : devices) {
        String id = d.path("deviceId").asText();
        long r = d.path("runningTasksCount").asLong();
        long p = d.path("pendingTasksCount").asLong();
        if (lost.contains(id)) {
          lostShown += "LOST".equals(d.path("status").asText()) ? 1 : 0;
          onLost += r + p;
        } else if (id.startsWith("sim-")) {
          running += r;
          pending += p;
        }
      }
      if (detectS == null && lostShown == lost.size()) {
        detectS = (t - lossAt) / 1e9;
      }
      if (detectS != null && onLost == 0 && running == o.tasks() && pending == 0) {
        doneS = (t - lossAt) / 1e9;
        break;
      }
      sleep(o.pollMs());
    }
    hub.window("reschedule", from);
    double hubCpuS = (ProcStats.cpuTicks(hubPid) - cpu0) / (double) ProcStats.TICKS_PER_SECOND;
    double benchCpuS = (ProcStats.cpuTicks(benchPid) - bench0) / (double) ProcStats.TICKS_PER_SECOND;
    long lastApplied = fleet.agents().stream().filter(a -> !a.isLost())
        .mapToLong(a -> a.appliedAtNanos).max().orElse(lossAt);
    ObjectNode r = results.node().putObject("reschedule");
    if (detectS != null) {
      r.put("detected_s", round2(detectS));
    }
    r.put("last_assignment_applied_by_agents_s", round(Math.max(0, lastApplied - lossAt) / 1e9));
    r.put("hub_cpu_s", round(hubCpuS));
    r.put("bench_cpu_s", round(benchCpuS));
    r.put("api_polls", pollMs.size());
    r.put("api_poll_median_ms", round(pollMs.isEmpty() ? 0 : Stats.median(pollMs)));
    r.put("api_poll_max_ms", round(pollMs.isEmpty() ? 0 : Stats.percentile(pollMs, 100)));
    if (doneS == null) {
      r.put("timed_out", true);
      System.out.printf("  reschedule TIMED OUT: %d running on survivors of %d, %d still on lost devices%n",
          running, o.tasks(), onLost);
      return Double.NaN;
    }
    r.put("after_detection_s", round2(doneS - detectS));
    System.out.printf("  rescheduled: %.2f s after the loss (API showed all lost devices LOST at %.2f s,"
        + " so %.2f s after detection); hub CPU %.1f s%n", doneS, detectS, doneS - detectS, hubCpuS);
    return doneS;
  }

  /**
   * GET /api/v1/tasks per service (the endpoint caps a page at 5,000, one service fits): every
   * task RUNNING, none on a lost device, the desired count met.
   */
  void verify(Set<String> lost) {
    long onLost = 0;
    long notRunning = 0;
    long total = 0;
    for (int i = 0; i < o.services(); i++) {
      for (JsonNode t : getJson(String.format("/api/v1/tasks?serviceName=scale-%03d&limit=5000", i))) {
        total++;
        onLost += lost.contains(t.path("deviceId").asText()) ? 1 : 0;
        notRunning += "RUNNING".equals(t.path("lastStatus").asText()) ? 0 : 1;
      }
    }
    ObjectNode v = results.node().putObject("verified_via_tasks_api");
    v.put("tasks", total);
    v.put("on_lost_devices", onLost);
    v.put("not_running", notRunning);
    v.put("ok", total == o.tasks() && onLost == 0 && notRunning == 0);
    System.out.printf("  GET /api/v1/tasks per service: %d tasks, %d on lost devices, %d not RUNNING%n",
        total, onLost, notRunning);
  }

  /** No API calls: the agents heartbeat and report status as usual, the hub just keeps up. */
  IdleFigures idle(SimulatedFleet fleet) {
    long brokerPid = hub.brokerPid();
    ObjectNode out = results.node();
    System.out.printf("  idling %d s (agents heartbeat every %d s, report status every %d s)%n",
        o.idleS(), o.heartbeatS(), o.statusS());
    long s0 = ProcStats.cpuTicks(hubPid);
    long st = System.nanoTime();
    sleep(o.settleS() * 1000L);
    double settleCpuPct = (ProcStats.cpuTicks(hubPid) - s0) / (double) ProcStats.TICKS_PER_SECOND
        / Math.max(0.001, seconds(st)) * 100;
    System.out.printf("  settled %d s after the last activity: hub CPU %.1f %% of one core"
        + " (mostly the JIT compiling what the burst ran)%n", o.settleS(), settleCpuPct);
    Instant from = Instant.now();
    hub.threadDumpLater("idle", o.idleS() * 500L);
    long c0 = ProcStats.cpuTicks(hubPid);
    Map<String, Long> threads0 = ProcStats.threadGroupTicks(hubPid);
    long b0 = ProcStats.cpuTicks(benchPid);
    long[] traffic0 = {fleet.heartbeatsSent.get(), fleet.statusSent.get(), fleet.pingsSent.get()};
    long m0 = brokerPid < 0 ? 0 : ProcStats.cpuTicks(brokerPid);
    long t0 = System.nanoTime();
    sleep(o.idleS() * 1000L);
    long c1 = ProcStats.cpuTicks(hubPid);
    Map<String, Long> threads1 = ProcStats.threadGroupTicks(hubPid);
    long b1 = ProcStats.cpuTicks(benchPid);
    ObjectNode traffic = out.putObject("idle_msgs_per_s");
    double tw = seconds(t0);
    traffic.put("heartbeats", round((fleet.heartbeatsSent.get() - traffic0[0]) / tw));
    traffic.put("status_reports", round((fleet.statusSent.get() - traffic0[1]) / tw));
    traffic.put("keep_alive_pings", round((fleet.pingsSent.get() - traffic0[2]) / tw));
    double brokerCpuPct = 0;
    double brokerRssMb = 0;
    if (brokerPid >= 0) {
      long m1 = ProcStats.cpuTicks(brokerPid);
      double w = seconds(t0);
      brokerCpuPct = (m1 - m0) / (double) ProcStats.TICKS_PER_SECOND / w * 100;
      brokerRssMb = ProcStats.rssKb(brokerPid) / 1024.0;
      out.put("broker_idle_cpu_pct", round(brokerCpuPct));
      out.put("broker_rss_mb", round(brokerRssMb));
      System.out.printf("  %s Mosquitto (pid %d) over the same window: %.1f %% of one core,"
          + " %.1f MB RSS%n", hub.mosquitto() == null ? "the hub's" : "external", brokerPid,
          brokerCpuPct, brokerRssMb);
    }
    double wall = seconds(t0);
    hub.window("idle", from);
    double idleCpuPct = (c1 - c0) / (double) ProcStats.TICKS_PER_SECOND / wall * 100;
    out.putPOJO("hub_idle_cpu_pct_by_thread", ProcStats.shares(threads0, threads1, wall));
    hub.dumpMemory();
    double rssMb = ProcStats.rssKb(hubPid) / 1024.0;
    double peakRssMb = ProcStats.peakRssKb(hubPid) / 1024.0;
    out.put("bench_idle_cpu_pct", round((b1 - b0) / (double) ProcStats.TICKS_PER_SECOND / wall * 100));
    out.put("hub_plus_broker_idle_cpu_pct", round(idleCpuPct + brokerCpuPct));
    out.put("hub_plus_broker_rss_mb", round(rssMb + brokerRssMb));
    System.out.printf("  hub plus broker: idle %.1f %% of one core, %.1f MB RSS%n",
        idleCpuPct + brokerCpuPct, rssMb + brokerRssMb);
    return new IdleFigures(idleCpuPct, settleCpuPct, rssMb, peakRssMb);
  }

  /** GET and parse; a timed-out or failed call yields an empty array so polling goes on. */
  private JsonNode getJson(String path) {
    try {
      HubApi.Reply r = hub.api().get(path);
      return r.status() == 200 ? r.json() : Json.mapper().createArrayNode();
    } catch (RuntimeException e) {
      System.err.println("  GET " + path + " failed: " + e.getMessage());
      return Json.mapper().createArrayNode();
    }
  }
}
