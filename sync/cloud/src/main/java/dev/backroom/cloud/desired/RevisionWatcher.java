package dev.backroom.cloud.desired;

import dev.backroom.cloud.config.CloudConfig;
import dev.backroom.jdbc.Jdbc;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Wakes this instance's long-polls when a store's revision moves, whichever instance moved it.
 * Waiters live in memory only; the database is the only shared state, so any instance can serve
 * any store. One query per instance per {@code watch-interval} reads the fleet's change_seq and,
 * only when it moved, the ids of stores bumped since: the cost does not grow with the number of
 * waiting hubs.
 */
@ApplicationScoped
public class RevisionWatcher {
  private static final Logger LOG = Logger.getLogger(RevisionWatcher.class);

  @Inject
  @Named("cloud")
  Jdbc jdbc;

  @Inject CloudConfig config;

  private final Map<String, Set<CompletableFuture<Boolean>>> waiters = new ConcurrentHashMap<>();
  private ScheduledExecutorService scheduler;
  private volatile long cursor;

  void start(@Observes StartupEvent e) {
    cursor = readSeq();
    ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "revision-watcher");
      t.setDaemon(true);
      return t;
    });
    pool.setRemoveOnCancelPolicy(true); // woken polls must not leave their timers queued
    scheduler = pool;
    long ms = config.watchInterval().toMillis();
    scheduler.scheduleWithFixedDelay(this::pollSafely, ms, ms, TimeUnit.MILLISECONDS);
  }

  void stop(@Observes ShutdownEvent e) {
    if (scheduler != null) {
      scheduler.shutdownNow();
    }
    waiters.values().forEach(set -> set.forEach(f -> f.complete(false)));
  }

  /**
   * A future completed with true when the store's revision may have moved, or false after
   * {@code timeout}. Register before reading the revision, so a bump between the read and the
   * wait is never missed.
   */
  public CompletableFuture<Boolean> register(String storeId, Duration timeout) {
    CompletableFuture<Boolean> f = new CompletableFuture<>();
    // compute, not computeIfAbsent + add: forget() may drop an empty set concurrently.
    waiters.compute(storeId, (k, set) -> {
      Set<CompletableFuture<Boolean>> s = set == null ? ConcurrentHashMap.newKeySet() : set;
      s.add(f);
      return s;
    });
    ScheduledFuture<?> timer =
        scheduler.schedule(() -> f.complete(false), timeout.toMillis(), TimeUnit.MILLISECONDS);
    f.whenComplete((v, t) -> {
      timer.cancel(false);
      forget(storeId, f);
    });
    return f;
  }

  /** Wakes waiters of stores this instance just bumped, without waiting for the next poll. */
  public void wakeLocal(Collection<String> storeIds) {
    storeIds.forEach(this::wake);
  }

  void pollSafely() {
    try {
      poll();
    } catch (RuntimeException ex) {
      LOG.warn("revision watch failed; retrying at the next interval", ex);
    }
  }

  private void poll() {
    long seq = readSeq();
    if (seq == cursor) {
      return;
    }
    // Read seq before the stores: a bump committing in between is woken now and again next time.
    List<String> moved = jdbc.query("SELECT id FROM stores WHERE change_seq > ?",
        rs -> rs.getString(1), cursor);
    cursor = seq;
    moved.forEach(this::wake);
  }

  private long readSeq() {
    return jdbc.queryOne("SELECT change_seq FROM fleet_lock WHERE id = 1", rs -> rs.getLong(1))
        .orElse(0L);
  }

  private void wake(String storeId) {
    Set<CompletableFuture<Boolean>> set = waiters.get(storeId);
    if (set != null) {
      set.forEach(f -> f.complete(true));
    }
  }

  private void forget(String storeId, CompletableFuture<Boolean> f) {
    waiters.computeIfPresent(storeId, (k, set) -> {
      set.remove(f);
      return set.isEmpty() ? null : set;
    });
  }
}
