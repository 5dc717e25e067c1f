package dev.backroom.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.backroom.config.json.Json;
import dev.backroom.config.model.TaskDefinition;
import dev.backroom.e2e.HubApi;
import dev.backroom.e2e.ManagedProcess;
import dev.backroom.e2e.MosquittoProcess;
import dev.backroom.e2e.Ports;
import dev.backroom.e2e.Repo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Scale: the real hub (its jar, as a process, with its embedded broker) against N SIMULATED
 * agents ({@link SimulatedFleet}: real MQTT clients, simulated container runtime). Measures how
 * long T tasks take from the first service POST to RUNNING as the API reports it, how long the
 * hub takes to put the tasks of 10 % abruptly lost devices back to RUNNING elsewhere, and the
 * hub's memory and idle CPU afterwards; against a transport floor measured in the same run
 * ({@link TransportBaseline}).
 *
 * <p>All waits are bounded; the run stops by itself. The bench shares the machine with the hub,
 * so its own CPU use is reported beside the hub's.
 */
public final class Scale {
  static final double TARGET_PLACE_S = 10;
  static final double TARGET_RESCHEDULE_S = 3;
  static final double TARGET_RSS_MB = 400;
  static final double TARGET_IDLE_CPU_PCT = 5;

  record Options(int devices, int tasks, int services, int losePct, int idleS, int heartbeatS,
      int statusS, int heartbeatTimeoutS, String hubXmx, int pollMs, int timeoutS,
      boolean profile, int connectParallel, int settleS, String hubJavaOpts, String broker) {

    static Options parse(String[] args) {
      int tasks = intArg(args, "--tasks", 10_000);
      return new Options(intArg(args, "--devices", 1_000), tasks,
          intArg(args, "--services", Math.min(100, tasks)), intArg(args, "--lose-pct", 10),
          intArg(args, "--idle-s", 20), intArg(args, "--heartbeat-s", 5),
          intArg(args, "--status-s", 30), intArg(args, "--heartbeat-timeout-s", 10),
          strArg(args, "--hub-xmx", "256m"), intArg(args, "--poll-ms", 200),
          intArg(args, "--timeout-s", 300), List.of(args).contains("--profile"),
          intArg(args, "--connect-parallel", 100), intArg(args, "--settle-s", 30),
          strArg(args, "--hub-java-opts", DEFAULT_HUB_JAVA_OPTS), strArg(args, "--broker", "embedded"));
    }
  }

  /**
   * What a store hub runs with, as ./backroom hub does: a small heap, the serial collector and
   * the C1 compiler only, which costs a store box far less CPU and memory than C2 warming up.
   */
  static final String DEFAULT_HUB_JAVA_OPTS = "-XX:+UseSerialGC -XX:TieredStopAtLevel=1";

  static final String USAGE = """
      usage: backroom bench scale [--devices N] [--tasks T] [--services S] [--lose-pct P]
             [--idle-s S] [--heartbeat-s S] [--status-s S] [--heartbeat-timeout-s S]
             [--hub-xmx 256m] [--poll-ms MS] [--timeout-s S] [--connect-parallel K] [--profile]
             [--settle-s S] [--hub-java-opts "..."] [--broker embedded|mosquitto]
             [--out FILE]  (default bench/results/scale.json)
        --broker mosquitto runs a real Mosquitto as the hub's external broker and reports its CPU
        and memory apart from the hub's.
        idle CPU is measured over --idle-s after --settle-s of quiet, so the JIT compiling the
        burst just handled is not counted as idle; the settle window's CPU is reported too.
        defaults: 1000 devices, 10000 tasks in 100 services, lose 10 %, idle 20 s; simulated agents
        heartbeat every 5 s and repeat their status every 30 s, like the
        real agent (which also reports every change at once).
        --profile records the hub with JFR and prints its hot methods per phase (adds overhead:
        use a run without it for the figures).""";

  private final Options o;
  private final Path dir;
  private ObjectNode out = Json.mapper().createObjectNode();
  private ManagedProcess hub;
  private HubApi api;
  private long hubPid;
  private final List<JfrHotMethods.Window> windows = new ArrayList<>();

  private final String[] args;

  /**
   * The transport floor, tried up to three times: Moquette 0.17 sometimes drops a client that
   * subscribes the instant its CONNACK arrives (it logs "SUBSCRIBE received on already closed
   * connection"); our own agents reconnect, this one-shot measuring client would just wait.
   */
  private double baseline(SimulatedFleet fleet, TaskDefinition td) throws Exception {
    IllegalStateException last = null;
    for (int attempt = 1; attempt <= 3; attempt++) {
      try {
        return TransportBaseline.measure(fleet, "127.0.0.1", mqttPort, td, o.tasks(), o.services(),
            Math.min(60_000L, o.timeoutS() * 1000L));
      } catch (IllegalStateException e) {
        last = e;
        System.out.printf("  transport baseline attempt %d failed (%s); retrying%n", attempt, e.getMessage());
        out.put("baseline_retries", attempt);
      }
    }
    throw last;
  }

  private Scale(Options o, Path dir, String[] args) {
    this.o = o;
    this.dir = dir;
    this.args = args;
  }

  public static void main(String[] args) throws Exception {
    if (List.of(args).contains("--help")) {
      System.out.println(USAGE);
      return;
    }
    Options o = Options.parse(args);
    if (o.devices() < 10 || o.tasks() < o.services() || o.services() < 1 || o.losePct() < 1
        || o.losePct() > 50) {
      throw new IllegalArgumentException("need --devices >= 10, 1 <= --services <= --tasks,"
          + " 1 <= --lose-pct <= 50\n" + USAGE);
    }
    String run = UUID.randomUUID().toString().substring(0, 6);
    Path dir = Files.createDirectories(Repo.root().resolve("bench/target/runs/scale-" + run));
    new Scale(o, dir, args).run();
  }

  private void run() throws Exception {
    System.out.printf("scale: %d SIMULATED agents (real MQTT clients, simulated container runtime:"
        + " tasks report RUNNING at once, no Docker), %d tasks in %d services; run dir %s%n",
        o.devices(), o.tasks(), o.services(), dir);
    startHub();
    long benchPid = ProcessHandle.current().pid();
    try (SimulatedFleet fleet = new SimulatedFleet(o.devices(), o.heartbeatS() * 1000L,
        o.statusS() * 1000L)) {
      long t = System.nanoTime();
      fleet.connectAll("127.0.0.1", mqttPort, o.connectParallel(), o.timeoutS() * 1000L);
      awaitAllActive(fleet);
      double connectS = seconds(t);
      System.out.printf("  %d agents connected and ACTIVE in the API after %.1f s%n", o.devices(), connectS);
      out.put("connect_s", round(connectS));

      TaskDefinition td = Json.mapper().treeToValue(api.post("/api/v1/task-definitions", """
          {"family":"scale","networkMode":"none","containerDefinitions":[{"name":"main",
           "image":"backroom/busybox:1","memory":16,"command":["sleep","3600"]}]}""")
          .expect(201).json(), TaskDefinition.class);

      double baselineS = baseline(fleet, td);
      System.out.printf("  transport baseline: %d tasks' worth of assignments to %d agents and"
          + " their status back, through the hub's broker: %.3f s%n", o.tasks(), o.devices(), baselineS);
      Thread.sleep(1000);

      double placeS = place(fleet, benchPid);
      Set<String> lost = loseDevices(fleet);
      double rescheduleS = reschedule(fleet, lost, benchPid);
      verify(lost);
      idle(benchPid);
      report(baselineS, placeS, rescheduleS, lost.size(), fleet);
    } finally {
      stopHub();
    }
  }

  // ------------------------------------------------------------------------------------------
  // hub process

  private int mqttPort;
  private MosquittoProcess mosquitto;

  /** Like e2e's HubProcess, plus a chosen heap, a heartbeat timeout and optionally JFR. */
  private void startHub() {
    int http = Ports.free();
    mqttPort = Ports.free();
    String brokerProp = "-Dbackroom.mqtt.port=" + mqttPort;
    if (o.broker().equals("mosquitto")) {
      mosquitto = MosquittoProcess.start(dir.resolve("mosquitto"));
      mqttPort = Integer.parseInt(mosquitto.uri().substring(mosquitto.uri().lastIndexOf(':') + 1));
      brokerProp = "-Dbackroom.mqtt.url=" + mosquitto.uri();
    } else if (!o.broker().equals("embedded")) {
      throw new IllegalArgumentException("--broker must be embedded or mosquitto");
    }
    List<String> cmd = new ArrayList<>(List.of(Repo.java(), "-Xmx" + o.hubXmx()));
    for (String opt : o.hubJavaOpts().trim().split("\\s+")) {
      if (!opt.isEmpty()) {
        cmd.add(opt);
      }
    }
    if (o.profile()) {
      cmd.add("-XX:StartFlightRecording=name=scale,settings=profile");
      cmd.add("-XX:FlightRecorderOptions=stackdepth=256");
      cmd.add("-XX:NativeMemoryTracking=summary");
    }
    cmd.addAll(List.of("-Dbackroom.data-dir=" + dir.resolve("hub").toAbsolutePath(),
        "-Dquarkus.http.port=" + http, "-Dquarkus.http.host=127.0.0.1",
        brokerProp,
        "-Dbackroom.devices.heartbeat-timeout=" + o.heartbeatTimeoutS() + "s",
        "-jar", Repo.hubJar().toString()));
    hub = new ManagedProcess("hub", cmd, dir.resolve("hub/hub.log"));
    hub.start();
    hubPid = hub.process().pid();
    api = new HubApi("http://127.0.0.1:" + http);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (api.status("/q/health/ready") != 200) {
      if (!hub.isAlive() || System.nanoTime() > deadline) {
        throw new IllegalStateException("hub not ready:\n" + hub.tail(40));
      }
      sleep(100);
    }
    System.out.printf("  hub pid %d ready (-Xmx%s, heartbeat timeout %d s, broker port %d)%n",
        hubPid, o.hubXmx(), o.heartbeatTimeoutS(), mqttPort);
  }

  private void stopHub() {
    if (mosquitto != null) {
      mosquitto.stop();
    }
    if (hub == null) {
      return;
    }
    if (o.profile() && hub.isAlive()) {
      Path jfr = dir.resolve("hub.jfr");
      if (jcmd("JFR.dump name=scale filename=" + jfr.toAbsolutePath(), dir.resolve("jfr-dump.txt"))
          && Files.exists(jfr)) {
        printProfile(jfr);
      }
    }
    hub.stop();
  }

  private boolean jcmd(String command, Path output) {
    try {
      List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin",
          "jcmd").toString(), Long.toString(hubPid)));
      cmd.addAll(List.of(command.split(" ")));
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
          .redirectOutput(output.toFile()).start();
      return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      System.err.println("  jcmd failed: " + e.getMessage());
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** With --profile: one thread dump a little after a phase starts, without blocking it. */
  private void threadDumpLater(String name, long delayMs) {
    if (!o.profile()) {
      return;
    }
    Thread t = new Thread(() -> {
      sleep(delayMs);
      jcmd("Thread.print", dir.resolve("threads-" + name + ".txt"));
    }, "bench-thread-dump");
    t.setDaemon(true);
    t.start();
  }

  private void printProfile(Path jfr) {
    try {
      Map<String, JfrHotMethods.Profile> profiles = JfrHotMethods.read(jfr, windows);
      ObjectNode node = out.putObject("profile");
      StringBuilder text = new StringBuilder();
      profiles.forEach((phase, p) -> {
        text.append(String.format("%nhub profile, %s: %d samples (JFR, Java threads only)%n", phase, p.samples));
        text.append("  by thread:\n");
        JfrHotMethods.top(p.threads, p.samples, 6).forEach(l -> text.append("    ").append(l).append('\n'));
        text.append("  self (leaf method):\n");
        JfrHotMethods.top(p.leaves, p.samples, 12).forEach(l -> text.append("    ").append(l).append('\n'));
        text.append("  leaf <- nearest Backroom caller:\n");
        JfrHotMethods.top(p.callers, p.samples, 10).forEach(l -> text.append("    ").append(l).append('\n'));
        text.append("  Backroom methods on the stack (inclusive):\n");
        JfrHotMethods.top(p.backroom, p.samples, 15).forEach(l -> text.append("    ").append(l).append('\n'));
        ObjectNode ph = node.putObject(phase);
        ph.put("samples", p.samples);
        ph.putPOJO("threads", JfrHotMethods.top(p.threads, p.samples, 6));
        ph.putPOJO("self", JfrHotMethods.top(p.leaves, p.samples, 12));
        ph.putPOJO("leaf_by_caller", JfrHotMethods.top(p.callers, p.samples, 10));
        ph.putPOJO("backroom_inclusive", JfrHotMethods.top(p.backroom, p.samples, 15));
      });
      System.out.print(text);
      Files.writeString(dir.resolve("profile.txt"), text.toString());
      Files.writeString(dir.resolve("windows.txt"), windows.toString());
      writeResults(); // again, now with the profile
    } catch (IOException e) {
      System.err.println("  cannot read " + jfr + ": " + e.getMessage());
    }
  }

  // ------------------------------------------------------------------------------------------
  // phases

  private void awaitAllActive(SimulatedFleet fleet) {
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

  /** From the first service POST until the services' runningCount adds up to every task. */
  private double place(SimulatedFleet fleet, long benchPid) {
    System.out.printf("  placing: %d services, %d tasks%n", o.services(), o.tasks());
    long cpu0 = ProcStats.cpuTicks(hubPid);
    long bench0 = ProcStats.cpuTicks(benchPid);
    Instant from = Instant.now();
    threadDumpLater("placement", 1500);
    long t0 = System.nanoTime();
    for (int i = 0; i < o.services(); i++) {
      int count = o.tasks() / o.services() + (i < o.tasks() % o.services() ? 1 : 0);
      api.post("/api/v1/services", String.format(
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
    windows.add(new JfrHotMethods.Window("placement", from, Instant.now()));
    double hubCpuS = (ProcStats.cpuTicks(hubPid) - cpu0) / (double) ProcStats.TICKS_PER_SECOND;
    double benchCpuS = (ProcStats.cpuTicks(benchPid) - bench0) / (double) ProcStats.TICKS_PER_SECOND;
    long lastApplied = fleet.agents().stream().mapToLong(a -> a.appliedAtNanos).max().orElse(t0);
    ObjectNode p = out.putObject("placement");
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

  private long lossAt;

  /** Drops every k-th agent's TCP connection without DISCONNECT, so the broker fires its will. */
  private Set<String> loseDevices(SimulatedFleet fleet) {
    int n = o.devices();
    int count = Math.max(1, Math.round(n * o.losePct() / 100f));
    Set<String> lost = new HashSet<>();
    lossAt = System.nanoTime();
    for (int i = 0; i < count; i++) {
      SimulatedFleet.Agent a = fleet.agents().get((int) ((long) i * n / count));
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
  private double reschedule(SimulatedFleet fleet, Set<String> lost, long benchPid) {
    long cpu0 = ProcStats.cpuTicks(hubPid);
    long bench0 = ProcStats.cpuTicks(benchPid);
    Instant from = Instant.now();
    threadDumpLater("reschedule", 300);
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
    windows.add(new JfrHotMethods.Window("reschedule", from, Instant.now()));
    double hubCpuS = (ProcStats.cpuTicks(hubPid) - cpu0) / (double) ProcStats.TICKS_PER_SECOND;
    double benchCpuS = (ProcStats.cpuTicks(benchPid) - bench0) / (double) ProcStats.TICKS_PER_SECOND;
    long lastApplied = fleet.agents().stream().filter(a -> !a.isLost())
        .mapToLong(a -> a.appliedAtNanos).max().orElse(lossAt);
    ObjectNode r = out.putObject("reschedule");
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
  private void verify(Set<String> lost) {
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
    ObjectNode v = out.putObject("verified_via_tasks_api");
    v.put("tasks", total);
    v.put("on_lost_devices", onLost);
    v.put("not_running", notRunning);
    v.put("ok", total == o.tasks() && onLost == 0 && notRunning == 0);
    System.out.printf("  GET /api/v1/tasks per service: %d tasks, %d on lost devices, %d not RUNNING%n",
        total, onLost, notRunning);
  }

  private double idleCpuPct;
  private double settleCpuPct;
  private double rssMb;
  private double peakRssMb;

  /** No API calls: the agents heartbeat and report status as usual, the hub just keeps up. */
  private void idle(long benchPid) {
    System.out.printf("  idling %d s (agents heartbeat every %d s, report status every %d s)%n",
        o.idleS(), o.heartbeatS(), o.statusS());
    long s0 = ProcStats.cpuTicks(hubPid);
    long st = System.nanoTime();
    sleep(o.settleS() * 1000L);
    settleCpuPct = (ProcStats.cpuTicks(hubPid) - s0) / (double) ProcStats.TICKS_PER_SECOND
        / Math.max(0.001, seconds(st)) * 100;
    System.out.printf("  settled %d s after the last activity: hub CPU %.1f %% of one core"
        + " (mostly the JIT compiling what the burst ran)%n", o.settleS(), settleCpuPct);
    Instant from = Instant.now();
    threadDumpLater("idle", o.idleS() * 500L);
    long c0 = ProcStats.cpuTicks(hubPid);
    long b0 = ProcStats.cpuTicks(benchPid);
    long m0 = mosquitto == null ? 0 : ProcStats.cpuTicks(mosquitto.process().pid());
    long t0 = System.nanoTime();
    sleep(o.idleS() * 1000L);
    long c1 = ProcStats.cpuTicks(hubPid);
    long b1 = ProcStats.cpuTicks(benchPid);
    if (mosquitto != null) {
      long m1 = ProcStats.cpuTicks(mosquitto.process().pid());
      double w = seconds(t0);
      out.put("broker_idle_cpu_pct", round((m1 - m0) / (double) ProcStats.TICKS_PER_SECOND / w * 100));
      out.put("broker_rss_mb", round(ProcStats.rssKb(mosquitto.process().pid()) / 1024.0));
      System.out.printf("  external Mosquitto over the same window: %.1f %% of one core, %.1f MB RSS%n",
          (m1 - m0) / (double) ProcStats.TICKS_PER_SECOND / w * 100,
          ProcStats.rssKb(mosquitto.process().pid()) / 1024.0);
    }
    double wall = seconds(t0);
    windows.add(new JfrHotMethods.Window("idle", from, Instant.now()));
    idleCpuPct = (c1 - c0) / (double) ProcStats.TICKS_PER_SECOND / wall * 100;
    if (o.profile()) {
      // Where the resident memory sits (heap, metaspace, threads, direct buffers...).
      jcmd("VM.native_memory summary", dir.resolve("native-memory.txt"));
      jcmd("GC.heap_info", dir.resolve("heap-info.txt"));
    }
    rssMb = ProcStats.rssKb(hubPid) / 1024.0;
    peakRssMb = ProcStats.peakRssKb(hubPid) / 1024.0;
    out.put("bench_idle_cpu_pct", round((b1 - b0) / (double) ProcStats.TICKS_PER_SECOND / wall * 100));
  }

  // ------------------------------------------------------------------------------------------
  // results

  private void report(double baselineS, double placeS, double rescheduleS, int lostDevices,
      SimulatedFleet fleet) throws IOException {
    ObjectNode details = out;
    out = Json.mapper().createObjectNode(); // headline figures first, details after
    out.put("benchmark", "scale");
    out.put("simulated_runtime", true);
    out.put("simulation", "agents are real MQTT clients (vertx-mqtt) speaking the agent wire contract;"
        + " their container runtime is simulated: every assigned task reports RUNNING at once");
    out.put("devices", o.devices());
    out.put("tasks", o.tasks());
    out.put("services", o.services());
    putFigure("place_all_s", placeS);
    putFigure("reschedule_s", rescheduleS);
    out.put("hub_rss_mb", round(rssMb));
    out.put("hub_rss_peak_mb", round(peakRssMb));
    out.put("hub_idle_cpu_pct", round(idleCpuPct));
    out.put("hub_settle_cpu_pct", round(settleCpuPct));
    out.put("baseline_s", Math.round(baselineS * 1000) / 1000.0);
    putFigure("ratio", Double.isNaN(placeS) ? Double.NaN : Math.round(placeS / baselineS * 10) / 10.0);
    out.put("baseline", "the same simulated agents receive T tasks' worth of retained QoS 1"
        + " assignments from one plain MQTT client through the hub's broker and answer each with a"
        + " status report; clock stops when all N reports are back (transport floor)");
    out.put("lost_devices", lostDevices);
    out.put("loss_method", "TCP connection closed without MQTT DISCONNECT (like kill -9); the broker"
        + " publishes each device's retained last will (lifecycle offline)");
    ObjectNode targets = out.putObject("targets");
    targets.put("place_all_s", TARGET_PLACE_S);
    targets.put("reschedule_after_detection_s", TARGET_RESCHEDULE_S);
    targets.put("hub_rss_mb", TARGET_RSS_MB);
    targets.put("hub_idle_cpu_pct", TARGET_IDLE_CPU_PCT);
    ObjectNode setup = out.putObject("setup");
    setup.put("hub_xmx", o.hubXmx());
    setup.put("heartbeat_s", o.heartbeatS());
    setup.put("status_s", o.statusS());
    setup.put("hub_heartbeat_timeout_s", o.heartbeatTimeoutS());
    setup.put("api_poll_ms", o.pollMs());
    setup.put("idle_s", o.idleS());
    setup.put("broker", o.broker());
    setup.put("settle_s", o.settleS());
    setup.put("hub_java_opts", "-Xmx" + o.hubXmx() + " " + o.hubJavaOpts());
    setup.put("profiled", o.profile());
    ObjectNode agents = out.putObject("agents");
    agents.put("assignments_received", fleet.assignmentsReceived.get());
    agents.put("assignments_rejected", fleet.rejected.get());
    agents.put("status_reports_sent", fleet.statusSent.get());
    agents.put("publish_failures", fleet.publishFailures.get());
    agents.put("reconnects", fleet.reconnects.get());
    out.putPOJO("hub_mqtt_dropped", droppedCounters());
    out.put("hub_log_warn_or_error_lines", countLogLines());
    out.setAll(details);
    out.put("measured_at", Instant.now().toString());
    out.put("cpus", Runtime.getRuntime().availableProcessors());
    out.put("java", System.getProperty("java.version"));
    out.put("hub_jar_modified", Files.getLastModifiedTime(Repo.hubJar()).toInstant().toString());
    Path file = writeResults();

    System.out.printf("%nscale (SIMULATED container runtime), %d devices, %d tasks%n", o.devices(), o.tasks());
    System.out.printf("  place_all_s       %8.2f   target < %.0f s%n", placeS, TARGET_PLACE_S);
    System.out.printf("  baseline_s        %8.3f   transport floor, same run; ratio %.1f%n",
        baselineS, placeS / baselineS);
    JsonNode r = out.path("reschedule");
    System.out.printf("  reschedule_s      %8.2f   (%.2f s after detection; target < %.0f s after detection)%n",
        rescheduleS, r.path("after_detection_s").asDouble(Double.NaN), TARGET_RESCHEDULE_S);
    System.out.printf("  hub_rss_mb        %8.1f   target < %.0f MB (peak %.1f MB)%n", rssMb,
        TARGET_RSS_MB, peakRssMb);
    System.out.printf("  hub_idle_cpu_pct  %8.1f   target < %.0f %% of one core%n", idleCpuPct,
        TARGET_IDLE_CPU_PCT);
    System.out.println("  written to " + file);
  }

  private void putFigure(String name, double v) {
    if (Double.isNaN(v)) {
      out.putNull(name);
    } else {
      out.put(name, round2(v));
    }
  }

  private Path writeResults() throws IOException {
    String custom = strArg(args, "--out", null);
    Path file = custom != null ? Path.of(custom) : Repo.root().resolve("bench/results/scale.json");
    Files.createDirectories(file.getParent());
    Files.writeString(file, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(out) + "\n");
    return file;
  }

  /** backroom_mqtt_dropped_total lines from /q/metrics: messages the hub shed or rejected. */
  private ArrayNode droppedCounters() {
    ArrayNode a = Json.mapper().createArrayNode();
    try {
      api.get("/q/metrics").body().lines()
          .filter(l -> l.startsWith("backroom_mqtt_dropped_total")).forEach(a::add);
    } catch (RuntimeException e) {
      a.add("unavailable: " + e.getMessage());
    }
    return a;
  }

  private long countLogLines() {
    try {
      return Files.readAllLines(hub.log()).stream()
          .filter(l -> l.contains(" WARN ") || l.contains(" ERROR ")).count();
    } catch (IOException | UncheckedIOException e) {
      return -1;
    }
  }

  // ------------------------------------------------------------------------------------------
  // helpers

  /** GET and parse; a timed-out or failed call yields an empty array so polling goes on. */
  private JsonNode getJson(String path) {
    try {
      HubApi.Reply r = api.get(path);
      return r.status() == 200 ? r.json() : Json.mapper().createArrayNode();
    } catch (RuntimeException e) {
      System.err.println("  GET " + path + " failed: " + e.getMessage());
      return Json.mapper().createArrayNode();
    }
  }

  private static double seconds(long fromNanos) {
    return (System.nanoTime() - fromNanos) / 1e9;
  }

  private static double round(double v) {
    return Math.round(v * 10.0) / 10.0;
  }

  private static double round2(double v) {
    return Math.round(v * 100.0) / 100.0;
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static int intArg(String[] args, String name, int dflt) {
    String v = strArg(args, name, null);
    return v == null ? dflt : Integer.parseInt(v);
  }

  static String strArg(String[] args, String name, String dflt) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals(name)) {
        return args[i + 1];
      }
    }
    return dflt;
  }
}
