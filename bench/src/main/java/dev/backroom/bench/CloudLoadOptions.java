package dev.backroom.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Set;

/** The cloud-load benchmark's options, full-run defaults and usage. */
record CloudLoadOptions(int stores, int warmupS, int seconds, String backend, List<Integer> instances,
    List<Double> rates, double eventGapS, double telemetryShare, int telemetryMsgsPerS,
    double telemetryIntervalS,
    double churnS, int regions, int enrollParallel, int httpClients, int hashIterations,
    double goalMs, boolean profile, String cloudJavaOpts, List<String> cloudProps, String out) {

  static final String USAGE = """
      usage: backroom bench cloud-load [--stores N] [--instances 1|2|both] [--backend postgresql|h2]
             [--warmup-s S] [--seconds S] [--rates auto|M,M,...] [--event-gap-s S]
             [--telemetry-share F] [--telemetry-msgs-per-s N] [--telemetry-interval-s S]
             [--churn-s S] [--regions R]
             [--enroll-parallel K] [--http-clients C] [--hash-iterations N] [--goal-ms MS]
             [--profile] [--cloud-java-opts "..."] [--cloud-prop KEY=VALUE]...
             [--out FILE]  (default bench/results/cloud-load.json)
        SIMULATED stores: N in-process HTTP clients of real sync/cloud instances, each enrolled for
        real (an activation from the operator API, then POST /sync/v1/enroll), labelled region=r0..
        OPEN LOOP: each store sends on the hub's own schedule (CloudLoadModel): its desired-state
        long-poll always open (wait 30 s), a report batch about every 47 s (heartbeat 60 s, sooner
        after something new every --event-gap-s on average), a gzip telemetry batch every second
        (--telemetry-msgs-per-s over 3 streams; --telemetry-share of the stores; a hub set to
        another backroom.telemetry.upload-interval: --telemetry-interval-s), and an ack after
        each change; an operator changes one region's task definition every --churn-s. Latency of
        reports, telemetry and acks is measured from their scheduled send time, whatever the cloud
        answered before; long-polls are reported apart (late timeouts, wake latency).
        Each level runs --warmup-s then --seconds measured. First the real rate (multiple 1), then
        a sweep: up (1.5, 2, 3, 4, 6, 8) while p99 < --goal-ms, or down (0.75, 0.5, 0.35, 0.25,
        0.15, 0.1) until it is; a multiple m divides every gap by m. Once per --instances count,
        stores spread evenly over the instances as behind a load balancer, on one PostgreSQL
        (scripts/postgres.sh). --profile records JFR in the cloud and prints its hot methods;
        --cloud-prop passes a system property to every cloud instance (recorded in the result).
        defaults (full run): 5000 stores, both 1 and 2 instances on PostgreSQL, warm-up 20 s,
        40 s measured per level, event gap 120 s, telemetry share 1, 10 msg/s, churn 30 s,
        10 regions, 4 HTTP clients, goal 100 ms, activation codes hashed with the cloud's
        production PBKDF2 setting (enrolment then costs ~0.2 CPU-s per store: minutes for 5000;
        --hash-iterations N lowers it, it is recorded in the result; syncs are not affected).
        quick smoke run: --stores 300 --instances 1 --warmup-s 5 --seconds 10 --rates 1
          --hash-iterations 1000""";

  static CloudLoadOptions parse(String[] args) {
    BenchArgs a = BenchArgs.parse(args, USAGE, Set.of("--stores", "--instances", "--backend",
        "--warmup-s", "--seconds", "--rates", "--event-gap-s", "--telemetry-share",
        "--telemetry-msgs-per-s", "--telemetry-interval-s", "--churn-s", "--regions",
        "--enroll-parallel", "--http-clients", "--hash-iterations", "--goal-ms",
        "--cloud-java-opts", "--cloud-prop", "--out"), Set.of("--profile"), Set.of("--cloud-prop"));
    String inst = a.string("--instances", "both");
    List<Integer> instances = switch (inst) {
      case "both" -> List.of(1, 2);
      case "1" -> List.of(1);
      case "2" -> List.of(2);
      default -> throw a.refuse("--instances must be 1, 2 or both, not " + inst);
    };
    String rates = a.string("--rates", "auto");
    List<Double> rateList;
    try {
      rateList = rates.equals("auto") ? List.of()
          : Arrays.stream(rates.split(",")).map(String::trim).map(Double::parseDouble).toList();
    } catch (NumberFormatException e) {
      throw a.refuse("--rates: auto or numbers separated by commas, not " + rates);
    }
    for (String p : a.all("--cloud-prop")) {
      if (!p.contains("=")) {
        throw a.refuse("--cloud-prop takes KEY=VALUE, got " + p);
      }
    }
    return new CloudLoadOptions(a.integer("--stores", 5000), a.integer("--warmup-s", 20),
        a.integer("--seconds", 40), a.string("--backend", "postgresql"), instances, rateList,
        a.decimal("--event-gap-s", 120), a.decimal("--telemetry-share", 1.0),
        a.integer("--telemetry-msgs-per-s", 10), a.decimal("--telemetry-interval-s", 1.0),
        a.decimal("--churn-s", 30),
        a.integer("--regions", 10), a.integer("--enroll-parallel", 8),
        a.integer("--http-clients", 4), a.integer("--hash-iterations", 0),
        a.decimal("--goal-ms", 100), a.flag("--profile"),
        a.string("--cloud-java-opts", "-Xmx512m"), a.all("--cloud-prop"), a.string("--out", null));
  }

  void validate() {
    if (stores < 1 || seconds < 1 || warmupS < 0 || regions < 1 || enrollParallel < 1
        || httpClients < 1 || churnS <= 0 || eventGapS <= 0 || telemetryShare < 0
        || telemetryShare > 1 || telemetryMsgsPerS < 1 || telemetryIntervalS <= 0 || goalMs <= 0
        || rates.stream().anyMatch(r -> r <= 0)) {
      throw new BenchArgs.UsageException("need --stores, --seconds, --regions, --enroll-parallel,"
          + " --http-clients, --telemetry-msgs-per-s >= 1, --warmup-s >= 0, --churn-s,"
          + " --event-gap-s, --telemetry-interval-s, --goal-ms and every rate > 0, --telemetry-share 0 to 1\n" + USAGE);
    }
    if (!backend.equals("postgresql") && !backend.equals("h2")) {
      throw new BenchArgs.UsageException("--backend must be postgresql or h2\n" + USAGE);
    }
    if (backend.equals("h2") && instances.stream().anyMatch(i -> i > 1)) {
      throw new BenchArgs.UsageException("two instances share one PostgreSQL; with --backend h2"
          + " use --instances 1\n" + USAGE);
    }
  }
}
