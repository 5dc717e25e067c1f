package dev.backroom.hub.ui;

import dev.backroom.hub.telemetry.TelemetryService;
import dev.backroom.hub.telemetry.TelemetryView;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The telemetry backlog over the last hour, sampled every {@link #STEP_SECONDS} s in memory for
 * the telemetry page's chart. Reading the backlog is the outbox ledger's in-memory totals, so
 * sampling costs nothing measurable; a hub restart starts the chart afresh.
 */
@ApplicationScoped
public class BacklogHistory {
  static final int STEP_SECONDS = 5;
  static final int SAMPLES = 720;

  /** One sample: epoch seconds, queued messages, queued bytes. */
  public record Sample(long t, long messages, long bytes) {}

  @Inject TelemetryService telemetry;

  private final ArrayDeque<Sample> samples = new ArrayDeque<>();
  /** Per stream: next seq at the previous sample, and the message rate since (msg/s). */
  private Map<String, Long> lastSeq = Map.of();
  private Map<String, Double> rates = Map.of();
  private ScheduledExecutorService timer;

  void onStart(@Observes StartupEvent e) {
    timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "ui-backlog-history");
      t.setDaemon(true);
      return t;
    });
    timer.scheduleAtFixedRate(this::sample, 0, STEP_SECONDS, TimeUnit.SECONDS);
  }

  void onStop(@Observes ShutdownEvent e) {
    if (timer != null) {
      timer.shutdownNow();
    }
  }

  void sample() {
    try {
      TelemetryView v = telemetry.view();
      add(new Sample(Instant.now().getEpochSecond(), v.outboxMessages(), v.outboxBytes()));
      Map<String, Long> seq = new HashMap<>();
      Map<String, Double> rate = new HashMap<>();
      for (TelemetryView.Stream st : v.streams()) {
        seq.put(st.stream(), st.nextSeq());
        Long prev = lastSeq.get(st.stream());
        rate.put(st.stream(), prev == null ? 0.0 : Math.max(0, st.nextSeq() - prev) / (double) STEP_SECONDS);
      }
      synchronized (this) {
        lastSeq = seq;
        rates = rate;
      }
    } catch (RuntimeException e) {
      // The database is closing or busy; the chart shows a gap, nothing else depends on it.
    }
  }

  synchronized void add(Sample s) {
    if (samples.size() == SAMPLES) {
      samples.removeFirst();
    }
    samples.addLast(s);
  }

  /** Messages per second per stream over the last step; absent before two samples. */
  public synchronized Map<String, Double> rates() {
    return rates;
  }

  public synchronized List<Sample> samples() {
    return new ArrayList<>(samples);
  }
}
