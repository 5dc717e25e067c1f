package dev.backroom.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backroom.config.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * SIMULATION, open loop. Drives the enrolled simulated stores of a {@link CloudLoadFleet} on the
 * schedule of {@link CloudLoadModel}: every report and telemetry batch has a scheduled send time
 * drawn from the store's own schedule, whatever the cloud answered before, and its latency is
 * measured from that scheduled time. A store sends one batch of a channel at a time, as the hub
 * does: a batch due while the previous is still unanswered waits, and that wait counts in its
 * latency (no coordinated omission). A late batch is sent together with those that fell due
 * meanwhile, as the hub's next batch would carry them.
 *
 * <p>Each store also keeps its desired-state long-poll open the whole time, as the hub does; a
 * long-poll is not a latency sample (it is meant to wait): its answers are reported apart, as how
 * late a timed-out poll came back and how long a woken store took to see an operator's change.
 * Requests go out asynchronously (java.net.http), so thousands of open polls hold no thread.
 */
final class CloudLoadDriver implements AutoCloseable {
  static final int REPORT = 0;
  static final int TELEMETRY = 1;
  static final int ACK = 2;
  static final String[] CHANNELS = {"reports", "telemetry", "ack"};
  private static final long RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

  /** A latency sample: channel, scheduled send time, latency, all nanos (System.nanoTime). */
  record Sample(int channel, long scheduled, long latency) {}

  /** A woken long-poll: when the operator's change was sent, the delay, across instances or not. */
  record Wake(long putAt, long latency, boolean crossInstance) {}

  private final CloudLoadFleet fleet;
  private final CloudLoadModel model;
  private final List<String> bases;
  private final List<HttpClient> clients = new ArrayList<>();
  private final ExecutorService callbacks;
  private final ScheduledExecutorService timer;
  private final List<Sim> sims = new ArrayList<>();
  private volatile double multiple = 1;
  private volatile boolean stopped;
  final ConcurrentLinkedQueue<Sample> samples = new ConcurrentLinkedQueue<>();
  final ConcurrentLinkedQueue<Wake> wakes = new ConcurrentLinkedQueue<>();
  /** Timed-out long-polls: answer time minus (send time + wait), and when sent. */
  final ConcurrentLinkedQueue<long[]> pollLateness = new ConcurrentLinkedQueue<>();
  /** Scheduler lag: actual send minus scheduled time, for requests sent when due. */
  final ConcurrentLinkedQueue<long[]> sendLag = new ConcurrentLinkedQueue<>();
  final Map<String, AtomicLong> errors = new ConcurrentHashMap<>();
  /** Per region: when its last operator change was sent (nanos) and through which instance. */
  final long[] regionPutAt;
  final int[] regionPutInstance;

  CloudLoadDriver(CloudLoadFleet fleet, CloudLoadModel model, List<String> bases, int httpClients) {
    this.fleet = fleet;
    this.model = model;
    this.bases = bases;
    this.regionPutAt = new long[model.regions()];
    this.regionPutInstance = new int[model.regions()];
    callbacks = Executors.newFixedThreadPool(3, daemon("bench-http-callback"));
    timer = Executors.newScheduledThreadPool(2, daemon("bench-schedule"));
    for (int i = 0; i < httpClients; i++) {
      clients.add(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10)).executor(callbacks).build());
    }
  }

  void setMultiple(double m) {
    multiple = m;
  }

  /**
   * Starts every store at rate multiple {@code m}: its long-poll (first ones spread over
   * {@code spreadS}), report and telemetry schedules, each with a random phase within its gap.
   */
  void start(double m, double spreadS) {
    multiple = m;
    SplittableRandom seed = new SplittableRandom(42);
    List<CloudLoadFleet.SimStore> stores = fleet.stores();
    for (int i = 0; i < stores.size(); i++) {
      // Consecutive stores share a region (i mod regions), so instances go by blocks of a region
      // count: every region then has stores on every instance, and a rollout wakes both.
      int instance = (i / model.regions()) % bases.size();
      Sim s = new Sim(stores.get(i), instance, clients.get(i % clients.size()), seed.split());
      sims.add(s);
      long now = System.nanoTime();
      schedule(() -> poll(s), (long) (s.rnd.nextDouble() * spreadS * 1e9));
      s.nextReport = now + (long) (s.rnd.nextDouble() * model.reportRefreshS() / m * 1e9);
      schedule(() -> reportDue(s), s.nextReport - now);
      if (s.rnd.nextDouble() < model.telemetryShare()) {
        s.nextTelemetry = now + (long) (s.rnd.nextDouble() * model.telemetryIntervalS() / m * 1e9);
        s.lastCut = now;
        s.telemetryOn = true;
        schedule(() -> telemetryDue(s), s.nextTelemetry - now);
      }
    }
  }

  /**
   * Batches scheduled before {@code before} and not answered yet: (channel, scheduled) each,
   * including those whose time came but that this JVM has not even fired yet (a bench behind its
   * own schedule must not hide them).
   */
  List<Sample> unanswered(long before, long now) {
    List<Sample> out = new ArrayList<>();
    for (Sim s : sims) {
      for (Channel c : List.of(s.report, s.telemetry)) {
        synchronized (c) {
          long next = c.kind == REPORT ? s.nextReport : s.nextTelemetry;
          if (next != 0 && next < Math.min(before, now) && (c.kind == REPORT || s.telemetryOn)) {
            out.add(new Sample(c.kind, next, now - next));
          }
          for (long[] d : c.inFlight) {
            if (d[0] < before) {
              out.add(new Sample(c.kind, d[0], now - d[0]));
            }
          }
          for (long[] d : c.due) {
            if (d[0] < before) {
              out.add(new Sample(c.kind, d[0], now - d[0]));
            }
          }
        }
      }
    }
    return out;
  }

  int openPolls() {
    int n = 0;
    for (Sim s : sims) {
      n += s.polling ? 1 : 0;
    }
    return n;
  }

  @Override
  public void close() {
    stopped = true;
    timer.shutdownNow();
    callbacks.shutdownNow();
  }

  // ------------------------------------------------------------------------------------ stores

  /** One simulated store's sending state; a channel's fields are guarded by the channel. */
  private final class Sim {
    final CloudLoadFleet.SimStore store;
    final int instance;
    final HttpClient http;
    final SplittableRandom rnd;
    final Channel report = new Channel(REPORT);
    final Channel telemetry = new Channel(TELEMETRY);
    final long[] streamSeq;
    long nextReport;
    long nextTelemetry;
    long lastCut;
    boolean telemetryOn;
    volatile boolean polling;

    Sim(CloudLoadFleet.SimStore store, int instance, HttpClient http, SplittableRandom rnd) {
      this.store = store;
      this.instance = instance;
      this.http = http;
      this.rnd = rnd;
      this.streamSeq = new long[model.telemetryStreams()];
      java.util.Arrays.fill(streamSeq, 1);
    }

    String base() {
      return bases.get(instance);
    }
  }

  /** One upstream channel of one store: batches due, the batch in flight and its body. */
  private static final class Channel {
    final int kind;
    final java.util.ArrayDeque<long[]> due = new java.util.ArrayDeque<>(); // {scheduled, events}
    final List<long[]> inFlight = new ArrayList<>();
    byte[] body;

    Channel(int kind) {
      this.kind = kind;
    }
  }

  private void reportDue(Sim s) {
    if (stopped) {
      return;
    }
    long gap = model.reportGapNanos(s.rnd, multiple);
    boolean event = gap < model.reportRefreshS() / multiple * 0.9e9;
    // Moving the next time and firing this one under the channel's lock: unanswered() sees the
    // batch in one place or the other, never in neither.
    synchronized (s.report) {
      long at = s.nextReport;
      s.nextReport = at + gap;
      schedule(() -> reportDue(s), s.nextReport - System.nanoTime());
      fire(s, s.report, new long[] {at, event ? 1 + s.rnd.nextInt(3) : 0});
    }
  }

  private void telemetryDue(Sim s) {
    if (stopped) {
      return;
    }
    synchronized (s.telemetry) {
      long at = s.nextTelemetry;
      s.nextTelemetry = at + model.telemetryGapNanos(s.rnd, multiple);
      schedule(() -> telemetryDue(s), s.nextTelemetry - System.nanoTime());
      fire(s, s.telemetry, new long[] {at, 0});
    }
  }

  private void fire(Sim s, Channel c, long[] due) {
    synchronized (c) {
      c.due.add(due);
      if (c.inFlight.isEmpty()) {
        sendLag.add(new long[] {due[0], System.nanoTime() - due[0]});
        send(s, c);
      }
    }
  }

  /** Sends everything due on {@code c} as one batch; the caller holds c's lock. */
  private void send(Sim s, Channel c) {
    int events = 0;
    while (!c.due.isEmpty()) {
      long[] d = c.due.poll();
      events += (int) d[1];
      c.inFlight.add(d);
    }
    CloudLoadFleet.SimStore st = s.store;
    HttpRequest.Builder b;
    if (c.kind == REPORT) {
      c.body = CloudLoadBodies.report(st.id, st.reportSequence + 1, st.eventId + 1, events,
          st.applied, model);
      st.eventId += events;
      b = request(s, "/sync/v1/reports").header("Content-Type", "application/json");
    } else {
      long now = System.nanoTime();
      int count = (int) Math.max(1, Math.min(10_000,
          Math.round(model.telemetryMsgsPerS() * (now - s.lastCut) / 1e9)));
      s.lastCut = now;
      c.body = CloudLoadBodies.telemetry(st.telemetrySequence + 1, count, s.streamSeq, model);
      b = request(s, "/sync/v1/telemetry").header("Content-Type", "application/json")
          .header("Content-Encoding", "gzip");
    }
    transmit(s, c, b.POST(HttpRequest.BodyPublishers.ofByteArray(c.body)).build());
  }

  private void transmit(Sim s, Channel c, HttpRequest req) {
    s.http.sendAsync(req, HttpResponse.BodyHandlers.ofString()).whenComplete((r, t) -> {
      long now = System.nanoTime();
      synchronized (c) {
        if (t != null || r.statusCode() != 200) {
          error((c.kind == REPORT ? "reports " : "telemetry ") + (t != null
              ? cause(t) : r.statusCode() + " " + brief(r.body())));
          // The hub resends the same batch until acknowledged; its due times keep counting.
          schedule(() -> {
            synchronized (c) {
              transmit(s, c, req);
            }
          }, RETRY_NANOS);
          return;
        }
        if (c.kind == REPORT) {
          s.store.reportSequence++;
        } else {
          s.store.telemetrySequence++;
        }
        for (long[] d : c.inFlight) {
          samples.add(new Sample(c.kind, d[0], now - d[0]));
        }
        c.inFlight.clear();
        if (!c.due.isEmpty() && !stopped) {
          send(s, c);
        }
      }
    });
  }

  // --------------------------------------------------------------------------------- long-poll

  private void poll(Sim s) {
    if (stopped) {
      return;
    }
    int wait = model.pollWaitS(multiple);
    long sent = System.nanoTime();
    s.polling = true;
    HttpRequest req = request(s, "/sync/v1/desired?since=" + s.store.applied + "&wait=" + wait)
        .timeout(Duration.ofSeconds(wait + 30L)).GET().build();
    s.http.sendAsync(req, HttpResponse.BodyHandlers.ofString()).whenComplete((r, t) -> {
      try {
        answered(s, sent, wait, r, t);
      } catch (RuntimeException e) {
        error("bench " + e);
        schedule(() -> poll(s), RETRY_NANOS);
      }
    });
  }

  private void answered(Sim s, long sent, int wait, HttpResponse<String> r, Throwable t) {
    {
      long now = System.nanoTime();
      s.polling = false;
      if (t != null || r.statusCode() != 200) {
        error("desired " + (t != null ? cause(t) : r.statusCode() + " "
            + brief(r.body())));
        schedule(() -> poll(s), RETRY_NANOS + (long) (s.rnd.nextDouble() * RETRY_NANOS));
        return;
      }
      JsonNode a = json(r.body());
      long revision = a.path("revision").asLong();
      if (revision == s.store.applied) {
        pollLateness.add(new long[] {sent, now - sent - TimeUnit.SECONDS.toNanos(wait)});
        poll(s);
        return;
      }
      int region = s.store.region;
      long putAt = regionPutAt[region];
      if (s.store.applied > 0 && putAt != 0 && putAt > sent - TimeUnit.SECONDS.toNanos(wait)) {
        wakes.add(new Wake(putAt, now - putAt, regionPutInstance[region] != s.instance));
      }
      if (a.path("full").asBoolean()) {
        fleet.fullSnapshots.incrementAndGet();
      }
      ack(s, revision, now);
    }
  }

  /** The hub acks right after applying, then polls again; an ack is a latency sample. */
  private void ack(Sim s, long revision, long at) {
    HttpRequest req = request(s, "/sync/v1/desired/ack").header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"revision\":" + revision + "}")).build();
    s.http.sendAsync(req, HttpResponse.BodyHandlers.ofString()).whenComplete((r, t) -> {
      long now = System.nanoTime();
      if (t != null || r.statusCode() / 100 != 2) {
        error("ack " + (t != null ? cause(t) : r.statusCode() + " "
            + brief(r.body())));
        schedule(() -> ack(s, revision, at), RETRY_NANOS);
        return;
      }
      samples.add(new Sample(ACK, at, now - at));
      s.store.applied = revision;
      fleet.acks.incrementAndGet();
      poll(s);
    });
  }

  // ----------------------------------------------------------------------------------- helpers

  private HttpRequest.Builder request(Sim s, String path) {
    return HttpRequest.newBuilder(URI.create(s.base() + path))
        .header("Authorization", "Bearer " + s.store.token).timeout(Duration.ofSeconds(60));
  }

  private void schedule(Runnable r, long delayNanos) {
    if (!stopped) {
      timer.schedule(() -> {
        try {
          r.run();
        } catch (RuntimeException e) {
          error("bench " + e);
        }
      }, Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
    }
  }

  void error(String what) {
    errors.computeIfAbsent(what, k -> new AtomicLong()).incrementAndGet();
  }

  /** The failure's own class, not the CompletionException java.net.http wraps it in. */
  private static String cause(Throwable t) {
    Throwable c = t instanceof java.util.concurrent.CompletionException && t.getCause() != null
        ? t.getCause() : t;
    return c.getClass().getSimpleName();
  }

  private static String brief(String body) {
    return body == null ? "" : body.length() > 80 ? body.substring(0, 80) : body;
  }

  private static JsonNode json(String body) {
    try {
      return Json.mapper().readTree(body);
    } catch (IOException e) {
      throw new IllegalStateException("not JSON: " + brief(body), e);
    }
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    AtomicLong n = new AtomicLong();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
