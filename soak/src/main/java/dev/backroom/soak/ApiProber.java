package dev.backroom.soak;

import dev.backroom.harness.HubApi;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Asks the hub's API every 500 ms what an operator's screen asks ({@code GET /services}) and
 * keeps every answer slower than 1 s or missing. A probe is excused when the hub was down or
 * frozen by a fault at any moment between its start and its end ({@link #hubUnavailable}
 * raised, or lowered and raised again, meanwhile). A probe that fails on a connection the
 * killed hub left in the client's pool is retried once at once: the dead connection is the
 * client's, not the hub's.
 */
final class ApiProber implements AutoCloseable {
  static final long LIMIT_MS = 1000;

  private final RecordingApi api;
  private final Log log;
  private final Thread thread;
  private volatile boolean down;
  private final AtomicLong epoch = new AtomicLong();
  private volatile boolean running = true;
  long probes;
  long excused;
  long worstMs;
  final List<String> violations = new ArrayList<>();

  ApiProber(RecordingApi api, Log log) {
    this.api = api;
    this.log = log;
    this.thread = new Thread(this::loop, "soak-api-prober");
    thread.setDaemon(true);
  }

  ApiProber start() {
    thread.start();
    return this;
  }

  /** Raised by a fault that kills or freezes the hub, lowered once it is back and ready. */
  void hubUnavailable(boolean unavailable) {
    down = unavailable;
    epoch.incrementAndGet();
  }

  private void loop() {
    while (running) {
      long e0 = epoch.get();
      boolean d0 = down;
      long t0 = System.nanoTime();
      Optional<HubApi.Reply> r = api.get("/api/v1/services");
      if (r.isEmpty() && !down) {
        t0 = System.nanoTime();
        r = api.get("/api/v1/services");
      }
      long ms = (System.nanoTime() - t0) / 1_000_000;
      boolean excuse = d0 || down || epoch.get() != e0;
      synchronized (this) {
        probes++;
        if (excuse) {
          excused++;
        } else {
          worstMs = Math.max(worstMs, ms);
          if (r.isEmpty()) {
            record(String.format("%.1fs: GET /api/v1/services got no answer (%d ms)",
                log.seconds(), ms));
          } else if (ms > LIMIT_MS) {
            record(String.format("%.1fs: GET /api/v1/services took %d ms (status %d; load"
                + " average %s)", log.seconds(), ms, r.get().status(), loadAverage()));
          } else if (r.get().status() != 200) {
            record(String.format("%.1fs: GET /api/v1/services answered %d: %s", log.seconds(),
                r.get().status(), r.get().body()));
          }
        }
      }
      sleep(500);
    }
  }

  /** The 1-minute load average: a slow answer on a machine running 15 jobs per core says so. */
  private static String loadAverage() {
    try {
      return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ")[0];
    } catch (java.io.IOException | RuntimeException e) {
      return "unknown";
    }
  }

  private void record(String v) {
    violations.add(v);
    log.line("prober: " + v);
  }

  synchronized List<String> violations() {
    return List.copyOf(violations);
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
  }
}
