package dev.backroom.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.backroom.config.json.Json;
import dev.backroom.harness.Repo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The telemetry run's figures, their medians over rounds, the JSON file and the summary. */
final class TelemetryResults {
  private final TelemetryOptions o;
  private final List<Double> ingest = new ArrayList<>();
  private final List<Double> ingestCores = new ArrayList<>();
  private final List<Double> rssMb = new ArrayList<>();
  private final List<Double> drain = new ArrayList<>();
  private final List<Double> drainCores = new ArrayList<>();
  private final List<Double> cloudDrainCores = new ArrayList<>();
  private final List<Double> wire = new ArrayList<>();
  private final List<Double> bridge = new ArrayList<>();
  private final List<Double> loads = new ArrayList<>();
  private final List<Double> cleanups = new ArrayList<>();
  private long bridgeDuplicates;
  private double drainAfterKill = Double.NaN;
  private long killAt;
  private long killAcked;
  private TelemetryVerify.Counts counts = TelemetryVerify.empty();

  TelemetryResults(TelemetryOptions o) {
    this.o = o;
  }

  void bridge(MosquittoBridgeBaseline.Round r) {
    bridge.add(r.msgsPerS());
    bridgeDuplicates += r.duplicates();
  }

  void ingest(QosPublishers.Result r, double cores, long rssKb) {
    ingest.add(r.msgsPerS());
    ingestCores.add(cores);
    rssMb.add(rssKb / 1024.0);
  }

  void drain(boolean afterKill, double rate, double cores, double cloudCores,
      double wireBytesPerMsg) {
    if (afterKill) {
      drainAfterKill = rate;
      return;
    }
    if (!Double.isNaN(rate)) {
      drain.add(rate);
      drainCores.add(cores);
      cloudDrainCores.add(cloudCores);
    }
    if (!Double.isNaN(wireBytesPerMsg)) {
      wire.add(wireBytesPerMsg);
    }
  }

  /** Seconds from the outbox being empty to the hub having deleted the uploaded rows. */
  void cleanup(boolean afterKill, double seconds) {
    if (!afterKill) {
      cleanups.add(seconds);
    }
  }

  /** The machine's 1-minute load average, sampled once per phase of each round. */
  void load(double loadAverage) {
    loads.add(loadAverage);
  }

  void kill(long at, long acked) {
    killAt = at;
    killAcked = acked;
  }

  void verified(TelemetryVerify.Counts c) {
    counts = c;
  }

  void write(String outFile) throws IOException {
    double ingestMedian = median(ingest);
    double drainMedian = median(drain);
    double bridgeMedian = median(bridge);
    double ratio = drainMedian / bridgeMedian;
    ObjectNode out = Json.mapper().createObjectNode();
    out.put("benchmark", "telemetry");
    TelemetrySetup.put(out, o);
    num(out, "ingest_msgs_per_s", round(ingestMedian));
    num(out, "drain_msgs_per_s", round(drainMedian));
    num(out, "mosquitto_bridge_msgs_per_s", round(bridgeMedian));
    num(out, "ratio", Double.isNaN(ratio) ? ratio : Math.round(ratio * 1000) / 1000.0);
    out.put("ratio_definition", "drain_msgs_per_s / mosquitto_bridge_msgs_per_s (medians over the"
        + " rounds); > 1 means the hub empties a backlog into the cloud faster than the bridge");
    out.put("lost", counts.lost());
    out.put("duplicates", counts.duplicates());
    num(out, "wire_bytes_per_msg", round(median(wire)));
    out.put("wire_bytes_definition", "backroom_sync_bytes_total{channel=telemetry,direction=up}"
        + " of the drain process (gzip request bodies) / messages in the outbox before the drain");
    out.put("ingest_goal_msgs_per_s", goal());
    out.put("ingest_meets_goal", ingestMedian >= goal());
    out.put("drain_at_least_bridge", ratio >= 1.0);
    out.put("message_bytes", o.payloadBytes());
    out.put("payload", "UTF-8 JSON text {\"s\":stream,\"n\":seq,\"pad\":pseudo-random hex} of"
        + " exactly message_bytes; hex padding carries 4 bits per byte, so gzip about halves it");
    out.put("qos", 1);
    out.put("publishers", o.publishers());
    out.put("messages_per_publisher_per_round", o.messages());
    out.put("messages_per_round", o.perRound());
    out.put("window_per_publisher", o.window());
    out.put("rounds", o.rounds());
    num(out, "hub_ingest_cpu_cores", round2(median(ingestCores)));
    num(out, "hub_drain_cpu_cores", round2(median(drainCores)));
    num(out, "cloud_drain_cpu_cores", round2(median(cloudDrainCores)));
    num(out, "hub_rss_mb_after_ingest", round(median(rssMb)));
    num(out, "drain_after_kill_msgs_per_s", round(drainAfterKill));
    num(out, "hub_cleanup_after_drain_s", round2(median(cleanups)));
    out.putPOJO("hub_cleanup_after_drain_rounds_s", cleanups.stream()
        .map(TelemetryResults::round2).toList());
    out.put("cleanup_definition", "seconds from the drained outbox (the drain clock's end) to the"
        + " hub having deleted every row of the uploaded batches from H2; the hub defers those"
        + " deletes while a backlog drains, so this work is not in drain_msgs_per_s");
    ObjectNode kill = out.putObject("kill_round");
    kill.put("killed_after_acks", killAt);
    kill.put("acked", killAcked);
    kill.put("method", "SIGKILL of the hub process mid-stream, restart on the same data directory"
        + " with the cloud identity, drain to the cloud (H2), then every stream read back from the"
        + " cloud's operator API and counted by the payloads' own sequence numbers");
    ObjectNode check = out.putObject("loss_check");
    check.put("scope", "every message of every hub round (ingest rounds and the kill round)");
    check.put("acked", counts.acked());
    check.put("present_in_cloud", counts.present());
    check.put("lost", counts.lost());
    check.put("duplicates", counts.duplicates());
    check.put("extra_unacked_delivered", counts.extra());
    check.put("hub_seq_out_of_order", counts.seqOutOfOrder());
    check.putPOJO("dropped", counts.dropped());
    out.put("baseline", "two Mosquitto processes on loopback, persistence on, QoS 1 bridge"
        + " (topic backroom/v1/telemetry/# out 1, lazy start at threshold = backlog,"
        + " max_inflight_messages " + MosquittoBridgeBaseline.BRIDGE_INFLIGHT + " = unlimited,"
        + " queue limits off); clock from the backlog being complete at the store broker (the"
        + " earlier of its last PUBACK and the first message at the cloud) to the cloud-side"
        + " subscriber holding every message; same publishers, payloads and round size as the"
        + " hub. Mosquitto persists by snapshot, not per message");
    out.put("drain_method", "hub restarted with cloud-identity.json; clock from /q/health/ready"
        + " to GET /api/v1/telemetry (polled every 100 ms) showing an empty outbox; rate ="
        + " messages queued at ready /"
        + " that time; the cloud is a real sync/cloud process on H2");
    out.put("bridge_duplicates", bridgeDuplicates);
    out.putPOJO("ingest_rounds_msgs_per_s", rounded(ingest));
    out.putPOJO("drain_rounds_msgs_per_s", rounded(drain));
    out.putPOJO("bridge_rounds_msgs_per_s", rounded(bridge));
    List<Double> pairs = new ArrayList<>();
    for (int i = 0; i < Math.min(drain.size(), bridge.size()); i++) {
      pairs.add(Math.round(drain.get(i) / bridge.get(i) * 1000) / 1000.0);
    }
    out.putPOJO("round_ratios", pairs);
    num(out, "round_ratio_median", pairs.isEmpty() ? Double.NaN : Stats.median(pairs));
    out.put("rounds_order", "interleaved: bridge round r, then hub ingest round r and its drain,"
        + " so that each pair sees about the same machine load");
    out.putPOJO("load_averages_1m", loads);
    out.put("hub_java_opts", o.hubJavaOpts());
    BenchStamp.stamp(out);
    out.put("java", System.getProperty("java.version"));
    Path file = outFile == null ? Repo.root().resolve("bench/results/telemetry.json") : Path.of(outFile);
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.writeString(file, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(out) + "\n");

    System.out.printf("%ntelemetry, medians over %d rounds of %d x %d-byte QoS 1 messages:%n",
        o.rounds(), o.perRound(), o.payloadBytes());
    System.out.printf("  ingest %.0f msg/s (goal %.0f on 2 cores: %s), hub %.2f cores, RSS %.0f MB%n",
        ingestMedian, goal(), ingestMedian >= goal() ? "met" : "NOT met", median(ingestCores),
        median(rssMb));
    System.out.printf("  drain %.0f msg/s vs Mosquitto bridge %.0f msg/s: ratio %.3f (%s)%n",
        drainMedian, bridgeMedian, ratio, ratio >= 1 ? "at least the bridge" : "BELOW the bridge");
    System.out.printf("  %.1f bytes per message on the wire up; after kill -9: %d acked, %d lost,"
        + " %d duplicates%n", median(wire), counts.acked(), counts.lost(), counts.duplicates());
    System.out.println("  written to " + file);
  }

  /** JSON has no NaN: a figure that could not be measured is null. */
  private static void num(ObjectNode node, String key, double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      node.putNull(key);
    } else {
      node.put(key, v);
    }
  }

  private static double goal() {
    return Telemetry.GOAL_INGEST_MSGS_PER_S;
  }

  private static double median(List<Double> l) {
    return l.isEmpty() ? Double.NaN : Stats.median(l);
  }

  private static List<Double> rounded(List<Double> l) {
    return l.stream().map(TelemetryResults::round).toList();
  }

  private static double round(double v) {
    return Double.isNaN(v) ? v : Stats.round(v);
  }

  private static double round2(double v) {
    return Double.isNaN(v) ? v : Math.round(v * 100) / 100.0;
  }
}
