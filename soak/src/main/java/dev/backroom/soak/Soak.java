package dev.backroom.soak;

import dev.backroom.harness.DockerEngine;
import dev.backroom.harness.HubProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * One soak run: the world started, the workload set up, then until the deadline a quiet gap with
 * workload actions, one fault held for its duration and healed, convergence awaited and every
 * invariant checked; at the end the same checks once more. All choices come from two random
 * sources seeded from the run's seed, one for faults and one for the workload, so that a change
 * in how many workload actions ran does not shift the fault sequence.
 */
final class Soak implements SoakView {
  /** The hub's backstop heartbeat timeout (production default): convergence's bound is it + 10 s. */
  static final Duration LIVENESS_TIMEOUT = Duration.ofSeconds(90);
  static final Duration CONVERGENCE_BOUND = LIVENESS_TIMEOUT.plusSeconds(10);

  final SoakOptions options;
  final Log log;
  final World world;
  final RecordingApi api;
  final ApiProber prober;
  final Model model = new Model();
  final Workload workload;
  final Attribution attribution = new Attribution();
  final RestartTracker restarts = new RestartTracker();
  final LogScan logScan;
  final History history = new History();
  private final Random faultRandom;
  private final Random workloadRandom;
  private final List<FaultKind> kinds = new ArrayList<>();
  private final List<Invariant> invariants = new ArrayList<>();

  Soak(SoakOptions options, World world, Log log) {
    this.options = options;
    this.world = world;
    this.log = log;
    this.api = new RecordingApi(world.hub.api(), log);
    this.prober = new ApiProber(api, log);
    this.workload = new Workload(api, model, world.devices, world.run, log);
    this.logScan = new LogScan(world.logs());
    this.faultRandom = new Random(options.seed());
    this.workloadRandom = new Random(options.seed() * 31 + 7);
    kinds.add(ProcessFaults.kill(world.parts));
    kinds.add(ProcessFaults.freeze(world.parts));
    kinds.add(ContainerFaults.kill());
    kinds.add(ContainerFaults.stop());
    invariants.addAll(CoreInvariants.all(this));
  }

  /** The kinds the options leave in (the full disk is opt-in), in the order they were added. */
  List<FaultKind> kinds() {
    return kinds;
  }

  /** More fault kinds (dev.backroom.soak.extra's), before {@link #run}. */
  void addFaultKind(FaultKind k) {
    kinds.add(k);
  }

  /** Leaves out the kinds the options do not select, before {@link #run}. */
  void selectKinds() {
    kinds.removeIf(k -> !options.faults().contains(k.name()));
    if (kinds.isEmpty()) {
      throw new IllegalStateException("no fault kind selected: " + options.faults());
    }
  }

  /** More invariants (dev.backroom.soak.extra's), before {@link #run}. */
  void addInvariant(Invariant i) {
    invariants.add(i);
  }

  @Override
  public HubProcess hub() {
    return world.hub;
  }

  @Override
  public dev.backroom.harness.CloudProcess cloud() {
    return world.cloud;
  }

  @Override
  public String store() {
    return world.store;
  }

  @Override
  public String runId() {
    return world.run;
  }

  @Override
  public List<String> devices() {
    return world.devices;
  }

  @Override
  public List<ContainerState> containers() {
    return DockerView.read(world.docker, world.devices);
  }

  History run() {
    prober.start();
    workload.setUp();
    checkAll("start", converge("start"));
    long deadline = System.nanoTime() + (long) (options.minutes() * 60e9);
    int n = 0;
    while (System.nanoTime() < deadline) {
      // The same draws in the same order whether skipped or not: --skip keeps the seed's faults.
      boolean skipping = n < options.skip();
      Duration gap = Duration.ofMillis(5_000 + faultRandom.nextInt(15_000));
      if (!skipping) {
        quietGap(gap);
      }
      FaultKind kind = kinds.get(faultRandom.nextInt(kinds.size()));
      Duration d = duration(kind.name());
      Optional<Fault> f = kind.create(faultRandom, this, d);
      if (f.isEmpty()) {
        log.line("fault " + kind.name() + " has no target now; none this round");
        continue;
      }
      n++;
      if (skipping) {
        log.line("fault #" + n + " skipped (--skip): " + f.get().kind() + " " + f.get().target());
        deadline = System.nanoTime() + (long) (options.minutes() * 60e9);
        continue;
      }
      runFault(n, f.get(), d);
    }
    log.line("faults over; final checks");
    quietGap(Duration.ofSeconds(2));
    checkAll("end", converge("end"));
    return history;
  }

  /** Process faults last 1-40 s (a freeze past 30 s makes a device lost); container ones 0-5 s. */
  private Duration duration(String kind) {
    return kind.startsWith("docker-") ? Duration.ofMillis(faultRandom.nextInt(5_000))
        : Duration.ofMillis(1_000 + faultRandom.nextInt(39_000));
  }

  private void runFault(int n, Fault f, Duration d) {
    List<String> notes = new ArrayList<>();
    double at = log.seconds();
    FaultContext c = context(notes);
    log.line("fault #" + n + ": " + f.kind() + " " + f.target() + " for " + d.toMillis() + " ms");
    if (f.hubUnavailable()) {
      prober.hubUnavailable(true);
    }
    try {
      f.inject(c);
      sleepWithWorkload(d, !f.hubUnavailable());
      f.heal(c);
    } catch (Exception e) {
      notes.add("fault failed: " + e);
      log.line("fault #" + n + " failed: " + e);
    } finally {
      if (f.hubUnavailable()) {
        prober.hubUnavailable(false);
      }
    }
    String when = "after fault #" + n + " (" + f.kind() + " " + f.target() + ")";
    long ms = converge(when);
    history.faults.add(new History.FaultRecord(n, f.kind(), f.target(), at, d.toMillis(), ms,
        notes));
    checkAll(when, ms);
  }

  private FaultContext context(List<String> notes) {
    return new FaultContext() {
      @Override
      public HubProcess hub() {
        return world.hub;
      }

      @Override
      public DockerEngine docker() {
        return world.docker;
      }

      @Override
      public void attributeDevice(String deviceId) {
        attribution.device(deviceId);
      }

      @Override
      public void attributeContainer(String containerId) {
        attribution.container(containerId);
      }

      @Override
      public void attributeMoves() {
        attribution.moves();
      }

      @Override
      public void note(String message) {
        notes.add(message);
        log.line("  " + message);
      }
    };
  }

  /** Waits, doing 0-2 workload actions at random moments. */
  private void quietGap(Duration d) {
    sleepWithWorkload(d, true);
  }

  private void sleepWithWorkload(Duration d, boolean workloadAllowed) {
    long end = System.nanoTime() + d.toNanos();
    int actions = workloadAllowed ? workloadRandom.nextInt(3) : 0;
    for (int i = 0; i < actions; i++) {
      sleepUntil(System.nanoTime() + (end - System.nanoTime()) / (actions - i + 1));
      workload.act(workloadRandom, attribution::service);
    }
    sleepUntil(end);
  }

  /**
   * Waits until Docker runs what the model says, at most {@link #CONVERGENCE_BOUND}.
   *
   * @return milliseconds until converged, -1 when the bound passed
   */
  long converge(String when) {
    long t0 = System.nanoTime();
    long bound = t0 + CONVERGENCE_BOUND.toNanos();
    List<String> problems = List.of();
    while (System.nanoTime() < bound) {
      try {
        CoreInvariants.intent(this); // adopts the hub's view of what a lost answer left uncertain
        problems = new ArrayList<>(Convergence.problems(model, containers()));
        problems.addAll(lostDevices());
      } catch (RuntimeException e) {
        problems = List.of("cannot look: " + e);
      }
      if (problems.isEmpty()) {
        long ms = (System.nanoTime() - t0) / 1_000_000;
        history.worstConvergenceMs = Math.max(history.worstConvergenceMs, ms);
        log.line("converged " + when + " in " + ms + " ms: " + model);
        return ms;
      }
      sleepUntil(System.nanoTime() + 1_000_000_000L);
    }
    lastConvergenceProblems = problems;
    history.worstConvergenceMs = Math.max(history.worstConvergenceMs, CONVERGENCE_BOUND.toMillis());
    log.line("NOT converged " + when + " within " + CONVERGENCE_BOUND.toSeconds() + " s: "
        + problems);
    return -1;
  }

  private List<String> lastConvergenceProblems = List.of();

  /**
   * Every process is back after a heal, so the hub must see every device again: a LOST device's
   * view hides whether it is drained, which the intent check then could not judge.
   */
  private List<String> lostDevices() {
    List<String> out = new ArrayList<>();
    for (String d : world.devices) {
      String status = api.get("/api/v1/devices/" + d)
          .orElseThrow(() -> new IllegalStateException("the hub did not answer GET /devices/" + d))
          .json().path("status").asText();
      if (status.equals("LOST")) {
        out.add(d + " is LOST in the hub");
      }
    }
    return out;
  }

  private void checkAll(String when, long convergenceMs) {
    history.checks.add(new Invariant.Check("convergence", when, convergenceMs >= 0 ? List.of()
        : List.of(new Finding("docker", "not-converged", "not within "
            + CONVERGENCE_BOUND.toSeconds() + " s: " + String.join("; ", lastConvergenceProblems)))));
    if (when.equals("start")) {
      restarts.baseline(containers());
      attribution.clear();
    }
    for (Invariant i : invariants) {
      if (when.equals("start") && i.name().equals("no unattributed restart")) {
        continue;
      }
      Invariant.Check c = i.check(when);
      history.checks.add(c);
      if (!c.passed()) {
        log.line("FAILED " + c.invariant() + " " + when + ":\n  " + c.details()
            .replace("\n", "\n  "));
      }
    }
  }

  private static void sleepUntil(long nanos) {
    long ms = (nanos - System.nanoTime()) / 1_000_000;
    if (ms > 0) {
      try {
        Thread.sleep(ms);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    }
  }
}
