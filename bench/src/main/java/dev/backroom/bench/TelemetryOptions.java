package dev.backroom.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The telemetry benchmark's command-line options, their (full-run) defaults and usage. */
record TelemetryOptions(int publishers, int messages, int payloadBytes, int window, int rounds,
    int killPct, String hubJavaOpts, String cloudJavaOpts, long outboxMaxBytes,
    List<String> hubProps, String hubJar, int timeoutS, String links, String out) {

  static final String USAGE = """
      usage: backroom bench telemetry [--publishers P] [--messages N] [--payload-bytes B]
             [--window W] [--rounds R] [--kill-pct K] [--hub-java-opts "..."]
             [--cloud-java-opts "..."] [--outbox-max-bytes BYTES] [--hub-prop key=value ...]
             [--hub-jar PATH] [--timeout-s S] [--links tls|plain]
             [--out FILE]  (default bench/results/telemetry.json)
        each round, P publishers (one MQTT connection and one stream each) send N QoS 1 messages
        of B bytes, W unacknowledged at most per connection: R rounds into the hub without a
        cloud identity (ingest), each drained after a restart with the identity (drain), R rounds
        through two Mosquittos and a bridge (baseline), then one more round into the hub killed
        with kill -9 after K % of the PUBACKs, drained, and checked message by message in the
        cloud (lost, duplicates).
        --links tls (the default) is the production configuration: the hub's TLS on (store CA,
        HTTPS API, TLS telemetry listener the publishers reach trusting only the store CA), its
        authentication on, the publishers using the workload credential of an enrolled device.
        --links plain runs the hub with TLS off (backroom.tls.enabled=false), credentials still
        required. The setup block of the result says which, and what else is not production.
        defaults (full run): 8 publishers x 25000 messages of 200 bytes, window 1000, 3 rounds,
        kill at 50 %; the hub with ./backroom hub's JVM options (BACKROOM_HUB_JAVA_OPTS honoured).
        quick smoke run: --publishers 4 --messages 2000 --rounds 1""";

  static TelemetryOptions parse(String[] args) {
    BenchArgs a = BenchArgs.parse(args, USAGE, Set.of("--publishers", "--messages",
        "--payload-bytes", "--window", "--rounds", "--kill-pct", "--hub-java-opts",
        "--cloud-java-opts", "--outbox-max-bytes", "--hub-prop", "--hub-jar", "--timeout-s",
        "--links", "--out"), Set.of(), Set.of("--hub-prop"));
    String hubOpts = ScaleOptions.defaultHubJavaOpts(); // ./backroom hub's
    return new TelemetryOptions(a.integer("--publishers", 8), a.integer("--messages", 25_000),
        a.integer("--payload-bytes", 200), a.integer("--window", 1000),
        a.integer("--rounds", 3), a.integer("--kill-pct", 50),
        a.string("--hub-java-opts", hubOpts), a.string("--cloud-java-opts", "-Xmx512m"),
        a.longInteger("--outbox-max-bytes", 4L << 30),
        a.all("--hub-prop"), a.string("--hub-jar", null), a.integer("--timeout-s", 600),
        a.string("--links", "tls"), a.string("--out", null));
  }

  void validate() {
    if (publishers < 1 || messages < 10 || rounds < 1 || window < 1 || window > 65_000
        || killPct < 1 || killPct > 99 || payloadBytes < 64) {
      throw new BenchArgs.UsageException("need --publishers >= 1, --messages >= 10, --rounds >= 1,"
          + " 1 <= --window <= 65000, 1 <= --kill-pct <= 99, --payload-bytes >= 64\n" + USAGE);
    }
    if (!links.equals("tls") && !links.equals("plain")) {
      throw new BenchArgs.UsageException("--links must be tls or plain, not " + links + "\n"
          + USAGE);
    }
  }

  boolean tls() {
    return links.equals("tls");
  }

  long perRound() {
    return (long) publishers * messages;
  }

  List<String> streams(String prefix) {
    List<String> s = new ArrayList<>();
    for (int p = 0; p < publishers; p++) {
      s.add(prefix + "-p" + p);
    }
    return s;
  }
}
