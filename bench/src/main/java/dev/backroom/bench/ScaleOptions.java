package dev.backroom.bench;

import dev.backroom.launcher.JavaOptions;
import dev.backroom.mqtt.Liveness;
import java.util.Set;

/** The scale benchmark's command-line options, their defaults and the usage text. */
record ScaleOptions(int devices, int tasks, int services, int losePct, int idleS, int heartbeatS,
    int statusS, int keepAliveS, int heartbeatTimeoutS, String hubXmx, int pollMs, int timeoutS,
    boolean profile, int connectParallel, int settleS, String hubJavaOpts, String broker,
    String links, int enrolParallel, String out) {

  /**
   * What a store hub runs with: ./backroom hub's JVM options ({@link JavaOptions#hub}, with
   * BACKROOM_HUB_JAVA_OPTS honoured as the launcher does).
   */
  static String defaultHubJavaOpts() {
    return String.join(" ", JavaOptions.hub(System.getenv()));
  }

  static final String USAGE = """
      usage: backroom bench scale [--devices N] [--tasks T] [--services S] [--lose-pct P]
             [--idle-s S] [--heartbeat-s S] [--status-s S] [--keep-alive-s S] [--heartbeat-timeout-s S]
             [--hub-xmx SIZE] [--poll-ms MS] [--timeout-s S] [--connect-parallel K] [--profile]
             [--settle-s S] [--hub-java-opts "..."] [--broker managed|mosquitto]
             [--links tls|plain] [--enrol-parallel K] [--out FILE]  (default bench/results/scale.json)
        --links tls (the default) is the production configuration: TLS on (store CA, HTTPS API,
        MQTT over TLS), authentication on, anonymous MQTT refused, ACLs enforced, and every
        simulated device enrolled with its own credential first (an activation, then
        POST /api/v1/device-registrations, K at a time; timed as setup, not measured in the
        figures). --links plain runs the old configuration: TLS off, anonymous MQTT, no
        enrolment; its JSON says so.
        --broker managed (the default) lets the hub run its own Mosquitto, as it does in
        production; --broker mosquitto runs one as the hub's external broker. Either way the
        broker's CPU and memory are reported apart from the hub's and added to it
        (hub_plus_broker_*).
        idle CPU is measured over --idle-s after --settle-s of quiet, so the JIT compiling the
        burst just handled is not counted as idle; the settle window's CPU is reported too.
        defaults: 1000 devices, 10000 tasks in 100 services, lose 10 %, idle 20 s; simulated agents
        use the real agent's defaults (mqtt-bridge Liveness): heartbeat every 30 s, status repeated
        every 300 s (every change also at once), MQTT keep-alive 20 s with Paho's pings; the hub
        keeps its default heartbeat timeout unless --heartbeat-timeout-s is given.
        --profile records the hub with JFR and prints its hot methods per phase (adds overhead:
        use a run without it for the figures).""";

  /** The production configuration: TLS, credentials, ACLs. */
  boolean tls() {
    return links.equals("tls");
  }

  /** {@code out} is null unless --out is given. */
  static ScaleOptions parse(String[] args) {
    BenchArgs a = BenchArgs.parse(args, USAGE, Set.of("--devices", "--tasks", "--services",
        "--lose-pct", "--idle-s", "--heartbeat-s", "--status-s", "--keep-alive-s",
        "--heartbeat-timeout-s", "--hub-xmx", "--poll-ms", "--timeout-s", "--connect-parallel",
        "--settle-s", "--hub-java-opts", "--broker", "--links", "--enrol-parallel", "--out"),
        Set.of("--profile"), Set.of());
    int tasks = a.integer("--tasks", 10_000);
    return new ScaleOptions(a.integer("--devices", 1_000), tasks,
        a.integer("--services", Math.min(100, tasks)), a.integer("--lose-pct", 10),
        a.integer("--idle-s", 20),
        a.integer("--heartbeat-s", Liveness.HEARTBEAT_INTERVAL_S),
        a.integer("--status-s", Liveness.STATUS_REFRESH_S),
        a.integer("--keep-alive-s", Liveness.KEEP_ALIVE_S),
        a.integer("--heartbeat-timeout-s", 0),
        a.string("--hub-xmx", null), a.integer("--poll-ms", 200),
        a.integer("--timeout-s", 300), a.flag("--profile"),
        a.integer("--connect-parallel", 100), a.integer("--settle-s", 30),
        a.string("--hub-java-opts", defaultHubJavaOpts()), a.string("--broker", "managed"),
        a.string("--links", "tls"), a.integer("--enrol-parallel", 4),
        a.string("--out", null));
  }

  /** Throws IllegalArgumentException, with the usage appended, for a run that cannot work. */
  void validate() {
    if (devices < 10 || tasks < services || services < 1 || losePct < 1 || losePct > 50) {
      throw new BenchArgs.UsageException("need --devices >= 10, 1 <= --services <= --tasks,"
          + " 1 <= --lose-pct <= 50\n" + USAGE);
    }
    if (!links.equals("tls") && !links.equals("plain")) {
      throw new BenchArgs.UsageException("--links must be tls or plain, not " + links + "\n" + USAGE);
    }
    if (!broker.equals("managed") && !broker.equals("mosquitto")) {
      throw new BenchArgs.UsageException("--broker must be managed or mosquitto, not " + broker
          + "\n" + USAGE);
    }
    if (enrolParallel < 1) {
      throw new BenchArgs.UsageException("--enrol-parallel must be at least 1\n" + USAGE);
    }
  }
}
