package dev.backroom.soak;

import dev.backroom.bench.BenchStamp;
import dev.backroom.harness.Repo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.UUID;

/**
 * {@code ./backroom soak [--minutes N] [--seed S] [--out FILE] [--mode embedded|mosquitto]}:
 * exit 0 when every invariant held, 1 when one failed (seed and fault history printed), 2 on a
 * usage error, 3 when the store did not start (no Docker engine, a process not ready in time).
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) throws Exception {
    SoakOptions o;
    try {
      o = SoakOptions.parse(args, Repo.root().resolve("bench/results/soak.json"));
    } catch (SoakOptions.UsageException e) {
      System.err.println("soak: " + e.getMessage());
      System.err.println(SoakOptions.USAGE);
      System.exit(2);
      return;
    }
    if (o == null) {
      System.out.println(SoakOptions.USAGE);
      return;
    }
    History h;
    try {
      h = run(o, System.out);
    } catch (World.StartException e) {
      // Not a finding of the soak: the store never ran (no engine, a start timed out).
      System.err.println("soak: the store did not start, nothing was soaked: " + e.getMessage());
      System.exit(3);
      return;
    }
    System.exit(h.failed().isEmpty() ? 0 : 1);
  }

  /** Runs one soak and writes its result file; the IT calls this directly. */
  public static Outcome run(SoakOptions o) throws Exception {
    History h = run(o, System.out);
    return new Outcome(h.failed().stream().map(c -> c.invariant() + " " + c.when() + ": "
        + c.details()).toList(), h.lines(), h.faultsByKind());
  }

  /** What the IT asserts on. */
  public record Outcome(java.util.List<String> failures, java.util.List<String> history,
      java.util.Map<String, Integer> faultsByKind) {}

  private static History run(SoakOptions o, java.io.PrintStream console) throws Exception {
    BenchStamp.start();
    Log log = new Log(console);
    String run = UUID.randomUUID().toString().substring(0, 6);
    Path dir = Files.createDirectories(Repo.root().resolve("soak/target/runs/" + run));
    log.line("seed " + o.seed() + ", mode " + o.mode().name().toLowerCase(java.util.Locale.ROOT)
        + ", " + o.minutes() + " minutes of faults; run " + run + ", logs under " + dir);
    long t0 = System.nanoTime();
    List<SoakExtension> extensions = new ArrayList<>();
    ServiceLoader.load(SoakExtension.class).forEach(extensions::add);
    try {
      for (SoakExtension x : extensions) {
        x.prepare(o, dir);
      }
      return run(o, dir, run, extensions, log, t0);
    } finally {
      // After the world closed: a filesystem an extension mounted for the hub is free by then.
      for (SoakExtension x : extensions) {
        try {
          x.close();
        } catch (RuntimeException e) {
          log.line("extension " + x.getClass().getSimpleName() + " did not close: " + e);
        }
      }
    }
  }

  private static History run(SoakOptions o, Path dir, String run, List<SoakExtension> extensions,
      Log log, long t0) throws Exception {
    try (World world = World.start(run, dir, o.mode(), extensions, log)) {
      Soak soak = new Soak(o, world, log);
      for (SoakExtension x : extensions) {
        log.line("extension " + x.getClass().getName());
        x.faultKinds(soak).forEach(soak::addFaultKind);
        x.invariants(soak).forEach(soak::addInvariant);
      }
      soak.selectKinds();
      log.line("fault kinds: " + soak.kinds().stream().map(FaultKind::name).toList());
      History h;
      try {
        h = soak.run();
      } finally {
        soak.prober.close();
      }
      var result = SoakResult.build(soak, (System.nanoTime() - t0) / 1e9);
      extensions.forEach(x -> x.addTo(result));
      SoakResult.write(result, o.out());
      log.line("faults by kind: " + h.faultsByKind() + "; checks " + h.checks.size()
          + ", failed " + h.failed().size() + "; worst convergence " + h.worstConvergenceMs
          + " ms; result " + o.out());
      if (!h.failed().isEmpty()) {
        log.line("FAILED invariants. Replay with: " + o.replay() + "\nfault history:\n  "
            + String.join("\n  ", h.lines()));
      }
      return h;
    }
  }
}
