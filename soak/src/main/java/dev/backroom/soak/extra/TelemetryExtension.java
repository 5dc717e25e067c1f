package dev.backroom.soak.extra;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.backroom.soak.Invariant;
import dev.backroom.soak.SoakExtension;
import dev.backroom.soak.SoakView;
import java.time.Duration;
import java.util.List;

/**
 * Telemetry through the whole run: a {@link TelemetryLedger} publishing {@value #STREAMS} streams
 * at {@value #PER_SECOND} messages a second each from the start of the faults, and the invariant
 * "telemetry exactly once and in order": after every heal (publishing on: what was acknowledged
 * up to then must reach the cloud within {@link #SETTLE}, and the hub must acknowledge more
 * within {@link #RESUME}) and at the end (publishing paused first), every acknowledged message
 * is in the cloud once and in order, or counted as dropped with its reason. soak.json gets the
 * counters of the final check.
 */
public final class TelemetryExtension implements SoakExtension {
  static final int STREAMS = 3;
  static final int PER_SECOND = 5;
  /**
   * How long a check waits for the cloud to catch up: the hub's production sync backs off up
   * to 30 s after a link fault, and its upload requests time out after 30 s.
   */
  static final Duration SETTLE = Duration.ofSeconds(90);
  /**
   * After a heal the hub must acknowledge telemetry again within this: the publishers reconnect
   * every second, so it covers the hub's own backing off (a storage failure, a low disk).
   */
  static final Duration RESUME = Duration.ofSeconds(30);

  private TelemetryLedger ledger;
  private TelemetryLedger.Report last;
  private int checks;
  private int failed;

  @Override
  public List<Invariant> invariants(SoakView view) {
    ledger = TelemetryLedger.start(view.hub(), view.runId(), STREAMS, PER_SECOND);
    return List.of(new Invariant() {
      @Override
      public String name() {
        return "telemetry exactly once and in order";
      }

      @Override
      public Check check(String when) {
        if (when.equals("end")) {
          ledger.pause();
        }
        TelemetryLedger.Report r;
        try {
          r = ledger.check(view.cloud(), view.store(), SETTLE);
        } catch (RuntimeException e) {
          return new Check(name(), when, List.of(new dev.backroom.soak.Finding("telemetry",
              "check-failed", "cannot read the cloud's telemetry: " + e)));
        }
        List<dev.backroom.soak.Finding> f = new java.util.ArrayList<>(r.findings());
        if (!when.equals("end")) {
          resumes(ledger, RESUME).ifPresent(f::add);
        }
        if (when.equals("end") && (r.total(StreamAudit.Counts::acknowledged) == 0
            || r.total(StreamAudit.Counts::delivered) == 0)) {
          // A pass must not be the check seeing nothing (a wrong store, a publisher never heard).
          f.add(new dev.backroom.soak.Finding("telemetry", "telemetry-none", "acknowledged "
              + r.total(StreamAudit.Counts::acknowledged) + ", delivered "
              + r.total(StreamAudit.Counts::delivered) + " over the whole run"));
        }
        synchronized (TelemetryExtension.this) {
          last = r;
          checks++;
          failed += f.isEmpty() ? 0 : 1;
        }
        return new Check(name(), when, f);
      }
    });
  }

  /**
   * A finding when the hub acknowledges nothing more within {@code bound} while the ledger
   * publishes: a heal that left telemetry refused (the exactly-once check alone passes then).
   */
  static java.util.Optional<dev.backroom.soak.Finding> resumes(TelemetryLedger ledger,
      Duration bound) {
    long before = total(ledger.acknowledged());
    long end = System.nanoTime() + bound.toNanos();
    while (System.nanoTime() < end) {
      if (total(ledger.acknowledged()) > before) {
        return java.util.Optional.empty();
      }
      dev.backroom.harness.Ports.sleep(200);
    }
    return java.util.Optional.of(new dev.backroom.soak.Finding("telemetry", "telemetry-stalled",
        "the hub acknowledged no telemetry for " + bound.toSeconds() + " s after the heal ("
            + before + " acknowledged before)"));
  }

  private static long total(java.util.Map<String, Long> byStream) {
    return byStream.values().stream().mapToLong(Long::longValue).sum();
  }

  @Override
  public synchronized void addTo(ObjectNode result) {
    if (ledger == null) {
      return;
    }
    ObjectNode t = result.putObject("telemetry");
    t.put("streams", STREAMS).put("rate_per_stream_per_s", PER_SECOND);
    t.put("checks", checks).put("checks_failed", failed);
    var stats = ledger.publisherStats();
    t.put("publisher_connections", stats.connections())
        .put("publisher_connect_failures", stats.connectFailures())
        .put("publisher_ticks_skipped", stats.skipped());
    if (last == null) {
      return;
    }
    t.put("published", last.total(c -> c.acknowledged() + c.unconfirmed()));
    t.put("acknowledged", last.total(StreamAudit.Counts::acknowledged));
    t.put("unconfirmed", last.total(StreamAudit.Counts::unconfirmed));
    t.put("delivered", last.total(StreamAudit.Counts::delivered));
    t.put("delivered_unconfirmed", last.total(StreamAudit.Counts::deliveredUnconfirmed));
    ObjectNode dropped = t.putObject("dropped");
    last.dropped().forEach(dropped::put);
    t.put("lost", last.total(StreamAudit.Counts::lost));
    t.put("duplicated", last.total(StreamAudit.Counts::duplicated));
    t.put("out_of_order", last.total(c -> c.outOfOrder() + c.seqOutOfOrder()));
  }

  @Override
  public void close() {
    if (ledger != null) {
      ledger.close();
    }
  }
}
