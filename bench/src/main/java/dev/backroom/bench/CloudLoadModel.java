package dev.backroom.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.backroom.config.json.Json;
import java.util.SplittableRandom;

/**
 * What one real store sends the cloud per unit of time, read off the hub's sync client with its
 * default settings (hub.sync.SyncConfig, hub.telemetry.TelemetryConfig), so that N simulated
 * stores offer the cloud the load N hubs would. Each figure below names where it comes from.
 *
 * <ul>
 *   <li><b>Desired state, long-poll.</b> {@code DownstreamLoop} keeps one
 *       {@code GET /sync/v1/desired?since=<applied>&wait=30} open at all times
 *       ({@code backroom.sync.poll-wait} 30 s) and sends the next as soon as one is answered. A
 *       quiet store therefore makes one poll every 30 s that the cloud holds for 30 s. When the
 *       store's revision moves the poll is answered at once (the cloud's revision watcher, every
 *       200 ms, wakes it on any instance); the hub applies the answer, sends
 *       {@code POST /sync/v1/desired/ack {revision}}, then polls again.</li>
 *   <li><b>Reports.</b> {@code UpstreamLoop} builds a batch every 5 s
 *       ({@code backroom.sync.report-interval}) but sends one only when there is something new
 *       (events, audit entries, a changed snapshot), 250 ms after a local event, and otherwise
 *       every 60 s as a heartbeat ({@code backroom.sync.report-refresh}). Modelled per store as
 *       gaps of {@code min(60 s, max(0.25 s, Exp(eventGapS)))}: something new happens on average
 *       every {@code eventGapS} seconds (a health change, a restart, someone on site), else the
 *       heartbeat. Each batch carries the full snapshots (devices, tasks with their containers,
 *       deployments, at the sizes below) and, when it was caused by something new, 1 to 3
 *       events. Batches of one store are sent one at a time, each after the previous was
 *       acknowledged, as the hub does.</li>
 *   <li><b>Telemetry.</b> {@code TelemetryUploader} looks at the outbox every second
 *       ({@code backroom.telemetry.upload-interval} 1 s) and uploads what arrived as one gzip
 *       batch ({@code POST /sync/v1/telemetry}). A store whose workloads publish
 *       {@code telemetryMsgsPerS} messages a second spread over {@code telemetryStreams} streams
 *       therefore uploads about once a second, each batch holding about a second of messages of
 *       {@code payloadBytes} bytes. The share of stores that publish telemetry at all is
 *       {@code telemetryShare}.</li>
 *   <li><b>The operator.</b> Every {@code churnS} seconds one region's task definition changes
 *       (regions are spread evenly over the stores), so a tenth of the fleet (10 regions) is woken
 *       at once, receives the change and acks it: a rollout, the burst a fleet sees.</li>
 * </ul>
 *
 * <p>Every per-store gap gets its own random phase and ±10 % jitter, so stores are not in step.
 * A rate multiple {@code m} divides every gap by {@code m} (the long-poll wait too, 1 to 60 s, the
 * cloud's cap): the same fleet, m times as busy.
 */
record CloudLoadModel(int pollWaitS, double eventGapS, double reportRefreshS, double telemetryIntervalS,
    double telemetryShare, int telemetryMsgsPerS, int telemetryStreams, int payloadBytes,
    int devices, int tasks, int deployments, double churnS, int regions) {

  /**
   * The hub's defaults and a modest store: 3 devices, 12 tasks, 3 services, 10 msg/s telemetry.
   * The options may change the store (event gap, telemetry) and the telemetry upload interval
   * (the hub's backroom.telemetry.upload-interval, 1 s by default).
   */
  static CloudLoadModel defaults(CloudLoadOptions o) {
    return new CloudLoadModel(30, o.eventGapS(), 60, o.telemetryIntervalS(), o.telemetryShare(),
        o.telemetryMsgsPerS(),
        3, 120, 3, 12, 3, o.churnS(), o.regions());
  }

  /** Mean seconds between a store's report batches: E[min(refresh, Exp(eventGap))]. */
  double meanReportGapS() {
    return eventGapS * (1 - Math.exp(-reportRefreshS / eventGapS));
  }

  /** Requests a second the fleet sends at multiple 1, long-polls counted as they are issued. */
  double requestsPerS(int stores) {
    double polls = stores / (double) pollWaitS;
    double reports = stores / meanReportGapS();
    double telemetry = stores * telemetryShare / telemetryIntervalS;
    double acks = stores / (double) regions / churnS;
    return polls + reports + telemetry + acks;
  }

  /** Next report gap in ns at multiple m, with jitter. */
  long reportGapNanos(SplittableRandom r, double m) {
    double event = -Math.log(1 - r.nextDouble()) * eventGapS;
    double gap = Math.min(reportRefreshS, Math.max(0.25, event));
    return jitter(r, gap / m);
  }

  long telemetryGapNanos(SplittableRandom r, double m) {
    return jitter(r, telemetryIntervalS / m);
  }

  /** The long-poll wait at multiple m: at least 1 s, at most the cloud's cap of 60 s. */
  int pollWaitS(double m) {
    return Math.max(1, Math.min(60, (int) Math.round(pollWaitS / m)));
  }

  static long jitter(SplittableRandom r, double seconds) {
    return (long) (seconds * (0.9 + 0.2 * r.nextDouble()) * 1e9);
  }

  ObjectNode toJson(int stores) {
    ObjectNode m = Json.mapper().createObjectNode();
    m.put("source", "the hub's sync client with its default settings (hub.sync.SyncConfig,"
        + " hub.telemetry.TelemetryConfig); see CloudLoadModel's javadoc");
    m.put("desired_long_poll", "one GET /sync/v1/desired?since=<applied>&wait=" + pollWaitS
        + " open per store at all times, re-issued as soon as answered; answered at once when the"
        + " revision moves, then POST /sync/v1/desired/ack and poll again");
    m.put("poll_wait_s", pollWaitS);
    m.put("reports", "gaps of min(" + reportRefreshS + " s heartbeat, max(0.25 s, Exp(" + eventGapS
        + " s))): something new on average every " + eventGapS + " s, else the heartbeat; one"
        + " batch in flight per store; full snapshots every batch, 1 to 3 events when caused by"
        + " something new");
    m.put("report_event_gap_s", eventGapS);
    m.put("report_refresh_s", reportRefreshS);
    m.put("report_mean_gap_s", Stats.round(meanReportGapS()));
    m.put("report_snapshot", devices + " devices, " + tasks + " tasks with one container each, "
        + deployments + " deployments");
    m.put("report_bytes", CloudLoadBodies.sampleReportBytes(this));
    m.put("telemetry", "one gzip batch every " + telemetryIntervalS + " s holding the messages"
        + " since the last (" + telemetryMsgsPerS + " msg/s over " + telemetryStreams + " streams, "
        + payloadBytes + "-byte JSON payloads); one batch in flight per store");
    m.put("telemetry_interval_s", telemetryIntervalS);
    m.put("telemetry_share", telemetryShare);
    m.put("telemetry_msgs_per_s", telemetryMsgsPerS);
    m.put("telemetry_batch_bytes_gzip", CloudLoadBodies.sampleTelemetryBytes(this));
    m.put("operator", "one region's task definition changes every " + churnS + " s (" + regions
        + " regions): that region's stores are woken, fetch the change and ack it");
    m.put("churn_s", churnS);
    m.put("regions", regions);
    m.put("jitter", "each store's gaps have a random phase and +-10 % jitter");
    m.put("rate_multiple", "a multiple m divides every gap (and the long-poll wait, 1 to 60 s)"
        + " by m");
    return m;
  }
}
