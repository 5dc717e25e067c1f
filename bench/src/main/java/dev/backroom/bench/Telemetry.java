package dev.backroom.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.backroom.config.json.Json;
import dev.backroom.harness.Repo;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Telemetry: QoS 1 messages from publishers in this process into the real hub's telemetry
 * listener (ingest: PUBACK only after the H2 commit), then from the hub's outbox to a real cloud
 * process (drain), against a Mosquitto-to-Mosquitto QoS 1 bridge draining the same backlog in
 * the same run; then a round where the hub is killed with kill -9 mid-stream, restarted and
 * drained, and every acked message is looked for in the cloud.
 *
 * <p>Ingest is measured alone: the hub has no cloud identity while it ingests, so it uploads
 * nothing. For each drain it is restarted with the identity (enrolled for real with an
 * activation) and the clock runs from "ready" until its outbox is empty.
 */
public final class Telemetry {
  static final double GOAL_INGEST_MSGS_PER_S = 20_000;
  static final String TOPIC_PREFIX = "backroom/v1/telemetry/";
  static final String STORE_ID = "bench-store";

  private Telemetry() {}

  public static void main(String[] args) throws Exception {
    if (List.of(args).contains("--help")) {
      System.out.println(TelemetryOptions.USAGE);
      return;
    }
    TelemetryOptions o = TelemetryOptions.parse(args);
    o.validate();
    String run = UUID.randomUUID().toString().substring(0, 6);
    Path dir = Files.createDirectories(Repo.root().resolve("bench/target/runs/telemetry-" + run));
    System.out.printf("telemetry: %d publishers x %d QoS 1 messages of %d bytes per round, window"
        + " %d, %d rounds; run dir %s%n", o.publishers(), o.messages(), o.payloadBytes(),
        o.window(), o.rounds(), dir);
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2).setWorkerPoolSize(2)
        .setBlockedThreadCheckInterval(10_000));
    try {
      new Telemetry.Run(o, dir, vertx).run();
    } finally {
      vertx.close();
    }
  }

  private static final class Run {
    final TelemetryOptions o;
    final Path dir;
    final Vertx vertx;
    final long timeoutMs;
    final TelemetryResults results;
    long cloudPid;

    Run(TelemetryOptions o, Path dir, Vertx vertx) {
      this.o = o;
      this.dir = dir;
      this.vertx = vertx;
      this.timeoutMs = TimeUnit.SECONDS.toMillis(o.timeoutS());
      this.results = new TelemetryResults(o);
    }

    void run() throws Exception {
      try (CloudProcess cloud = CloudProcess.start(dir.resolve("cloud"), "h2", o.cloudJavaOpts(),
          List.of())) {
        System.out.println("  cloud ready at " + cloud.url() + " (H2)");
        cloudPid = cloud.pid();
        Path identity = TelemetryEnroll.enroll(cloud, STORE_ID, dir.resolve("identity"));
        TelemetryHub hub = new TelemetryHub(o, dir);
        try {
          hub.start();
          Map<String, BitSet> acked = new LinkedHashMap<>();
          for (int r = 1; r <= o.rounds(); r++) {
            bridgeRound(r);
            acked.putAll(ingestRound(hub, "r" + r, r));
            drain(hub, identity, "round " + r, false);
            hub.stop();
            hub.removeIdentity();
            hub.start();
          }
          acked.putAll(killRound(hub));
          drain(hub, identity, "after kill -9", true);
          TelemetryVerify.Counts c = TelemetryVerify.all(cloud, STORE_ID, acked);
          System.out.printf("  cloud holds %d messages of %d streams: %d acked, %d lost, %d"
              + " duplicates, %d extra (committed, PUBACK cut by the kill), %d seq out of order,"
              + " dropped %s%n", c.present(), acked.size(), c.acked(), c.lost(), c.duplicates(),
              c.extra(), c.seqOutOfOrder(), c.dropped());
          results.verified(c);
        } catch (RuntimeException | Error e) {
          System.err.println("hub log tail:\n" + hub.tail());
          throw e;
        } finally {
          hub.stop();
        }
      }
      results.write(o.out());
    }

    /**
     * One baseline round, run between the hub's rounds rather than all before them: the other
     * builds on this machine move its load by a factor of 2-3 within a run, and interleaving
     * makes each round pair see about the same load.
     */
    private void bridgeRound(int r) throws Exception {
      MosquittoBridgeBaseline.Round b = MosquittoBridgeBaseline.measure(vertx,
          dir.resolve("bridge-" + r), o.streams("b" + r), o.messages(), o.payloadBytes(),
          o.window(), timeoutMs);
      System.out.printf("  bridge round %d: %d messages store -> cloud in %.2f s = %.0f msg/s"
          + " (%d duplicates); load average %s%n", r, b.distinct(), b.seconds(), b.msgsPerS(),
          b.duplicates(), ProcStats.loadAverage());
      results.bridge(b);
      results.load(ProcStats.loadAverage());
    }

    private Map<String, BitSet> ingestRound(TelemetryHub hub, String prefix, int r) throws Exception {
      long cpu0 = ProcStats.cpuTicks(hub.pid());
      QosPublishers.Result res = QosPublishers.publish(vertx, hub.telemetryPort(), TOPIC_PREFIX,
          o.streams(prefix), o.messages(), o.payloadBytes(), o.window(), -1, null, timeoutMs,
          hub.links(), hub.workloads());
      double cores = (ProcStats.cpuTicks(hub.pid()) - cpu0)
          / (double) ProcStats.TICKS_PER_SECOND / res.seconds();
      long rssKb = ProcStats.rssKb(hub.pid());
      System.out.printf("  ingest round %d: %d acked in %.2f s = %.0f msg/s; hub %.2f cores,"
          + " RSS %d MB; load average %s%n", r, res.ackedTotal(), res.seconds(), res.msgsPerS(),
          cores, rssKb / 1024, ProcStats.loadAverage());
      results.ingest(res, cores, rssKb);
      results.load(ProcStats.loadAverage());
      return res.acked();
    }

    private Map<String, BitSet> killRound(TelemetryHub hub) throws Exception {
      long killAt = Math.max(1, o.perRound() * o.killPct() / 100);
      QosPublishers.Result res = QosPublishers.publish(vertx, hub.telemetryPort(), TOPIC_PREFIX,
          o.streams("k"), o.messages(), o.payloadBytes(), o.window(), killAt, hub::kill, timeoutMs,
          hub.links(), hub.workloads());
      if (!res.stopped()) {
        throw new IllegalStateException("the kill round finished before the kill");
      }
      System.out.printf("  kill round: hub killed with SIGKILL after %d PUBACKs; %d acked in all%n",
          killAt, res.ackedTotal());
      results.kill(killAt, res.ackedTotal());
      return res.acked();
    }

    /** Restarts the hub with the identity and times the outbox emptying into the cloud. */
    private static final long POLL_MS = 100;

    private void drain(TelemetryHub hub, Path identity, String label, boolean afterKill)
        throws Exception {
      long backlog = afterKill ? -1 : hub.queued();
      hub.stop();
      hub.installIdentity(identity);
      long ready = hub.start();
      long cpu0 = ProcStats.cpuTicks(hub.pid());
      long cloudCpu0 = ProcStats.cpuTicks(cloudPid);
      var hubThreads0 = ProcStats.threadGroupTicks(hub.pid());
      var cloudThreads0 = ProcStats.threadGroupTicks(cloudPid);
      long atReady = hub.queued();
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
      long left = atReady;
      while (left > 0) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("hub outbox still holds " + left + " messages after "
              + o.timeoutS() + " s of drain");
        }
        // Each poll is an authenticated API call the hub serves while it drains: every 20 ms
        // that was a tenth of a core of the hub's (its HTTP threads), which the bridge's clock,
        // a subscriber at the cloud broker, does not pay. 100 ms costs at most 1 % of a 10 s drain.
        Thread.sleep(POLL_MS);
        left = hub.queued();
      }
      long emptyAt = System.nanoTime();
      double s = (emptyAt - ready) / 1e9;
      double cores = (ProcStats.cpuTicks(hub.pid()) - cpu0) / (double) ProcStats.TICKS_PER_SECOND / s;
      double cloudCores = (ProcStats.cpuTicks(cloudPid) - cloudCpu0)
          / (double) ProcStats.TICKS_PER_SECOND / s;
      double bytes = hub.metric("backroom_sync_bytes_total", "channel=\"telemetry\"",
          "direction=\"up\"");
      double rate = atReady == 0 ? Double.NaN : atReady / s;
      // Where the drain's CPU went, per thread kind: the profile bench/README.md's analysis quotes.
      System.out.println("    hub threads (% of a core): " + top(ProcStats.shares(hubThreads0,
          ProcStats.threadGroupTicks(hub.pid()), s)));
      System.out.println("    cloud threads (% of a core): " + top(ProcStats.shares(cloudThreads0,
          ProcStats.threadGroupTicks(cloudPid), s)));
      System.out.printf("  drain %s: %d messages queued at ready, empty %.2f s later = %.0f msg/s;"
          + " hub %.2f cores, cloud %.2f cores; %.0f bytes up on the telemetry channel%s; load"
          + " average %s%n", label, atReady, s, rate, cores, cloudCores, bytes,
          backlog > 0 ? String.format(" = %.1f per message", bytes / backlog) : "",
          ProcStats.loadAverage());
      if (atReady < backlog / 2) {
        System.out.println("  WARNING: most of the backlog left before the hub answered ready;"
            + " use more --messages for a meaningful drain rate");
      }
      // The hub deletes the rows of uploaded batches once the backlog is gone (OutboxCleanup):
      // that work is not in the drain time, so it is timed here, before the hub is stopped.
      while (hub.metric("backroom_telemetry_outbox_dead_rows") > 0) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("the hub still has rows of uploaded batches to delete");
        }
        Thread.sleep(20);
      }
      double cleanupS = (System.nanoTime() - emptyAt) / 1e9;
      System.out.printf("    rows of the uploaded batches deleted %.2f s after the outbox was"
          + " empty%n", cleanupS);
      results.cleanup(afterKill, cleanupS);
      results.load(ProcStats.loadAverage());
      results.drain(afterKill, rate, cores, cloudCores, backlog > 0 ? bytes / backlog : Double.NaN);
    }

    private static String top(Map<String, Double> shares) {
      return shares.entrySet().stream().limit(6).map(e -> e.getKey() + " " + e.getValue())
          .collect(java.util.stream.Collectors.joining(", "));
    }
  }
}
