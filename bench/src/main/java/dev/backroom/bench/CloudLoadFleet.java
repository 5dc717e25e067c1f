package dev.backroom.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;

/**
 * SIMULATION. N stores that are in-process HTTP clients of the real cloud, following the hub's
 * sync contract call for call (docs/sync-protocol.md) without a hub behind them: each is enrolled
 * for real and keeps its credential, applied revision and sequences ({@link CloudLoadDriver}
 * drives them). The operator side changes one region's task definition at a time.
 */
final class CloudLoadFleet {
  private final CloudProcess cloud;
  private final CloudLoadOptions o;
  private final List<SimStore> stores = new ArrayList<>();
  final AtomicLong acks = new AtomicLong();
  final AtomicLong fullSnapshots = new AtomicLong();

  CloudLoadFleet(CloudProcess cloud, CloudLoadOptions o) {
    this.cloud = cloud;
    this.o = o;
  }

  /** One simulated store: its identity and what the hub would persist of its sync state. */
  static final class SimStore {
    final String id;
    final String token;
    final int region;
    volatile long applied;
    long reportSequence;
    long telemetrySequence;
    long eventId;

    SimStore(String id, String token, int region) {
      this.id = id;
      this.token = token;
      this.region = region;
    }
  }

  List<SimStore> stores() {
    return stores;
  }

  /** Enrols every store for real, {@code parallel} at a time; returns the seconds it took. */
  double enrollAll() throws Exception {
    long t0 = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(o.enrollParallel());
    try {
      List<Future<SimStore>> futures = new ArrayList<>();
      for (int i = 0; i < o.stores(); i++) {
        String id = String.format("sim-%05d", i);
        int region = i % o.regions();
        String labels = "{\"region\":\"r" + region + "\",\"bench\":\"cloud-load\"}";
        futures.add(pool.submit(() -> new SimStore(id, cloud.enroll(id, labels), region)));
      }
      for (Future<SimStore> f : futures) {
        stores.add(f.get(10, TimeUnit.MINUTES));
      }
    } finally {
      pool.shutdownNow();
    }
    return (System.nanoTime() - t0) / 1e9;
  }

  /** One operator change of {@code region}'s task definition; true when the cloud took it. */
  boolean putRegion(int region, long n) {
    String family = "app-r" + region;
    String spec = "{\"family\":\"" + family + "\",\"networkMode\":\"none\",\"containerDefinitions\":"
        + "[{\"name\":\"main\",\"image\":\"backroom/busybox:1\",\"memory\":16,"
        + "\"command\":[\"sleep\",\"" + (3600 + n) + "\"]}]}";
    SyncHttp.Reply r = cloud.http().put("/api/v1/desired/task-definitions/" + family,
        cloud.adminToken(), "{\"selector\":\"region=r" + region + "\",\"spec\":" + spec + "}");
    return r.status() == 200;
  }

  /**
   * The operator while stores sync: every churn period (divided by the current rate multiple)
   * one region's task definition changes through instance 0, so that region's stores are woken,
   * fetch it and ack it. The send time of each change goes to the driver for wake latencies.
   */
  Thread churn(CloudLoadDriver driver, CloudLoadModel model, DoubleSupplier multiple,
      AtomicBoolean stop, AtomicLong puts) {
    Thread t = new Thread(() -> {
      long n = model.regions();
      long last = System.nanoTime();
      while (!stop.get()) {
        // The period follows the current multiple: looked at again every 100 ms, so a level
        // change takes effect at once, not after a sleep computed at the previous rate.
        long period = (long) (model.churnS() * 1e9 / multiple.getAsDouble());
        if (System.nanoTime() - last < period) {
          try {
            Thread.sleep(100);
          } catch (InterruptedException e) {
            return;
          }
          continue;
        }
        last = System.nanoTime();
        int region = (int) (n % model.regions());
        driver.regionPutAt[region] = last;
        driver.regionPutInstance[region] = 0;
        if (putRegion(region, n)) {
          puts.incrementAndGet();
        } else {
          driver.error("operator put");
        }
        n++;
      }
    }, "bench-operator");
    t.setDaemon(true);
    t.start();
    return t;
  }
}
