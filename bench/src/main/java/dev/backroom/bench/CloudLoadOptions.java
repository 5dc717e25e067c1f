package dev.backroom.bench;

import static dev.backroom.bench.ScaleOptions.intArg;
import static dev.backroom.bench.ScaleOptions.strArg;

import java.util.List;

/** The cloud-load benchmark's options, full-run defaults and usage. */
record CloudLoadOptions(int stores, int seconds, int warmupS, int concurrency, List<String> backends,
    int enrollParallel, int regions, int churnMs, int baselineS, int hashIterations,
    String cloudJavaOpts, String out) {

  static final String USAGE = """
      usage: backroom bench cloud-load [--stores N] [--seconds S] [--warmup-s S]
             [--concurrency C] [--backend h2|postgresql|both] [--enroll-parallel K]
             [--regions R] [--churn-ms MS] [--baseline-s S] [--hash-iterations N]
             [--cloud-java-opts "..."]
             [--out FILE]  (default bench/results/cloud-load.json)
        SIMULATED stores: N in-process HTTP clients of a real sync/cloud process, each enrolled for
        real (an activation from the operator API, then POST /sync/v1/enroll), labelled region=r0..
        Then C workers sync them in turn for S seconds (after a warm-up): GET /sync/v1/desired?
        since=<applied>&wait=0, POST /sync/v1/reports with the next sequence, and POST
        /sync/v1/desired/ack when the revision moved; meanwhile an operator changes one region's
        task definition every MS ms so revisions move. Baseline: GET /q/health/live on the same
        server with the same concurrency. Once per backend (PostgreSQL via scripts/postgres.sh).
        defaults (full run): 5000 stores, 60 s after 10 s warm-up, concurrency 64, both backends,
        10 regions, churn every 1000 ms, baseline 15 s, activation codes hashed with the cloud's
        production PBKDF2 setting (enrolment then costs ~0.2 CPU-s per store: minutes for 5000;
        --hash-iterations N lowers it, it is recorded in the result; syncs are not affected).
        quick smoke run: --stores 200 --seconds 5 --warmup-s 1 --baseline-s 3 --backend h2
          --hash-iterations 1000""";

  static CloudLoadOptions parse(String[] args) {
    String backend = strArg(args, "--backend", "both");
    List<String> backends = switch (backend) {
      case "both" -> List.of("h2", "postgresql");
      case "h2", "postgresql" -> List.of(backend);
      default -> throw new IllegalArgumentException("--backend must be h2, postgresql or both\n" + USAGE);
    };
    return new CloudLoadOptions(intArg(args, "--stores", 5000), intArg(args, "--seconds", 60),
        intArg(args, "--warmup-s", 10), intArg(args, "--concurrency", 64), backends,
        intArg(args, "--enroll-parallel", 8), intArg(args, "--regions", 10),
        intArg(args, "--churn-ms", 1000), intArg(args, "--baseline-s", 15),
        intArg(args, "--hash-iterations", 0),
        strArg(args, "--cloud-java-opts", "-Xmx512m"), strArg(args, "--out", null));
  }

  void validate() {
    if (stores < 1 || seconds < 1 || warmupS < 0 || concurrency < 1 || concurrency > stores
        || enrollParallel < 1 || regions < 1 || churnMs < 10 || baselineS < 1) {
      throw new IllegalArgumentException("need --stores >= --concurrency >= 1, --seconds >= 1,"
          + " --regions >= 1, --churn-ms >= 10, --baseline-s >= 1\n" + USAGE);
    }
  }
}
