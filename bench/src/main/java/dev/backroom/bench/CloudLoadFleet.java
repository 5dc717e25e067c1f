package dev.backroom.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * SIMULATION. N stores that are in-process HTTP clients of the real cloud, following the hub's
 * sync contract call for call (docs/sync-protocol.md) without a hub behind them: each keeps its
 * credential, applied revision and report sequence. A fixed pool of workers takes stores in turn
 * from a queue, so one store never has two syncs in flight and its sequence stays gapless.
 */
final class CloudLoadFleet {
  private final CloudProcess cloud;
  private final CloudLoadOptions o;
  private final List<SimStore> stores = new ArrayList<>();
  final AtomicLong acks = new AtomicLong();
  final AtomicLong fullSnapshots = new AtomicLong();
  final Map<String, AtomicLong> errors = new ConcurrentHashMap<>();

  CloudLoadFleet(CloudProcess cloud, CloudLoadOptions o) {
    this.cloud = cloud;
    this.o = o;
  }

  /** One simulated store; touched by one worker at a time (the queue hands it over). */
  private static final class SimStore {
    final String id;
    final String token;
    long applied;
    long sequence;
    long eventId;

    SimStore(String id, String token) {
      this.id = id;
      this.token = token;
    }
  }

  /** Enrols every store for real, {@code parallel} at a time; returns the seconds it took. */
  double enrollAll() throws Exception {
    long t0 = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(o.enrollParallel());
    try {
      List<Future<SimStore>> futures = new ArrayList<>();
      for (int i = 0; i < o.stores(); i++) {
        String id = String.format("sim-%05d", i);
        String labels = "{\"region\":\"r" + (i % o.regions()) + "\",\"bench\":\"cloud-load\"}";
        futures.add(pool.submit(() -> new SimStore(id, cloud.enroll(id, labels))));
      }
      for (Future<SimStore> f : futures) {
        stores.add(f.get(10, TimeUnit.MINUTES));
      }
    } finally {
      pool.shutdownNow();
    }
    return (System.nanoTime() - t0) / 1e9;
  }

  /**
   * Runs {@code op} on {@code concurrency} threads for warm-up then measured seconds; returns
   * the measured latencies in ms. For syncs, {@code op} is null and each call is one store's sync.
   */
  List<Double> drive(int warmupS, int seconds, Supplier<Boolean> op) throws Exception {
    LinkedBlockingQueue<SimStore> queue = new LinkedBlockingQueue<>(stores);
    long start = System.nanoTime();
    long measureFrom = start + TimeUnit.SECONDS.toNanos(warmupS);
    long end = measureFrom + TimeUnit.SECONDS.toNanos(seconds);
    List<List<Double>> perWorker = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    for (int w = 0; w < o.concurrency(); w++) {
      List<Double> mine = new ArrayList<>();
      perWorker.add(mine);
      Thread t = new Thread(() -> {
        while (true) {
          long t0 = System.nanoTime();
          if (t0 >= end) {
            return;
          }
          boolean ok;
          if (op != null) {
            ok = op.get();
          } else {
            SimStore s = queue.poll();
            try {
              ok = sync(s);
            } finally {
              queue.add(s);
            }
          }
          long t1 = System.nanoTime();
          if (ok && t0 >= measureFrom && t1 <= end) {
            mine.add((t1 - t0) / 1e6);
          }
        }
      }, "bench-worker-" + w);
      threads.add(t);
      t.start();
    }
    for (Thread t : threads) {
      t.join();
    }
    List<Double> all = new ArrayList<>();
    perWorker.forEach(all::addAll);
    return all;
  }

  /** One sync as the hub does it; false (and an error counted) when the cloud refused. */
  private boolean sync(SimStore s) {
    try {
      SyncHttp.Reply d = cloud.http().get("/sync/v1/desired?since=" + s.applied + "&wait=0", s.token);
      if (d.status() != 200) {
        return error("desired " + d.status());
      }
      JsonNode desired = d.json();
      long revision = desired.path("revision").asLong();
      if (desired.path("full").asBoolean()) {
        fullSnapshots.incrementAndGet();
      }
      long seq = s.sequence + 1;
      SyncHttp.Reply r = cloud.http().post("/sync/v1/reports", s.token, report(s, seq, revision));
      if (r.status() != 200) {
        return error("reports " + r.status());
      }
      s.sequence = seq;
      if (revision != s.applied) {
        SyncHttp.Reply a = cloud.http().post("/sync/v1/desired/ack", s.token,
            "{\"revision\":" + revision + "}");
        if (a.status() / 100 != 2) {
          return error("ack " + a.status());
        }
        s.applied = revision;
        acks.incrementAndGet();
      }
      return true;
    } catch (RuntimeException e) {
      return error(e.getClass().getSimpleName());
    }
  }

  /** A small batch: one device, one task, and one event, as a quiet store sends every cycle. */
  private static String report(SimStore s, long seq, long revision) {
    String now = Instant.now().toString();
    long ev = ++s.eventId;
    return "{\"sequence\":" + seq + ",\"sentAt\":\"" + now + "\","
        + "\"devices\":[{\"deviceId\":\"" + s.id + "-d1\",\"state\":\"ACTIVE\",\"lastSeen\":\"" + now + "\"}],"
        + "\"tasks\":[{\"taskId\":\"" + s.id + "-t1\",\"serviceName\":\"app\",\"status\":\"RUNNING\"}],"
        + "\"deployments\":[],"
        + "\"events\":[{\"eventId\":" + ev + ",\"at\":\"" + now + "\",\"kind\":\"heartbeat\","
        + "\"actor\":\"bench\",\"origin\":\"local\",\"deviceId\":\"" + s.id + "-d1\","
        + "\"message\":\"simulated store at revision " + revision + "\"}]}";
  }

  private boolean error(String what) {
    errors.computeIfAbsent(what, k -> new AtomicLong()).incrementAndGet();
    return false;
  }

  /**
   * The operator side while stores sync: every {@code churnMs} one region's task definition
   * changes, so that region's stores see a new revision and ack it.
   */
  Thread churn(AtomicBoolean stop, AtomicLong puts) {
    Thread t = new Thread(() -> {
      long n = 0;
      while (!stop.get()) {
        int region = (int) (n % o.regions());
        String family = "app-r" + region;
        String spec = "{\"family\":\"" + family + "\",\"networkMode\":\"none\",\"containerDefinitions\":"
            + "[{\"name\":\"main\",\"image\":\"backroom/busybox:1\",\"memory\":16,"
            + "\"command\":[\"sleep\",\"" + (3600 + n) + "\"]}]}";
        SyncHttp.Reply r = cloud.http().put("/api/v1/desired/task-definitions/" + family,
            cloud.adminToken(), "{\"selector\":\"region=r" + region + "\",\"spec\":" + spec + "}");
        if (r.status() == 200) {
          puts.incrementAndGet();
        } else {
          error("operator put " + r.status());
        }
        n++;
        try {
          Thread.sleep(o.churnMs());
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "bench-operator");
    t.setDaemon(true);
    t.start();
    return t;
  }
}
