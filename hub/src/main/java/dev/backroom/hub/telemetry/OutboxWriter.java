package dev.backroom.hub.telemetry;

import dev.backroom.hub.store.StorageHealth;
import dev.backroom.jdbc.Jdbc;
import dev.backroom.jdbc.StorageFailure;
import dev.backroom.sync.outbox.Eviction;
import dev.backroom.sync.outbox.StreamPolicy;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * The only thread that writes the outbox. It drains whatever the listener queued, gives each
 * message its stream's next seq, inserts the group in one JDBC batch, evicts past the byte bound
 * in the same transaction, commits, makes the commit durable, and only then releases the QoS 1
 * acknowledgements. One commit covers hundreds or thousands of messages when they arrive fast,
 * which is what makes durability-before-PUBACK affordable.
 *
 * <p>Other outbox work (cutting an upload batch, expiry sweeps, deleting the rows of cut batches
 * when idle: {@link OutboxCleanup}) runs on this thread too, between groups, so nothing else ever
 * races the in-memory {@link OutboxLedger} or deletes a row the writer is evicting.
 *
 * <p>A storage failure (the disk full: H2 then closes the database and forgets whatever it had
 * not written) leaves the ledger possibly ahead of what the file holds. So after one the writer
 * rebuilds the ledger from H2 before it stores anything again, and until that works, and for
 * {@link #STORAGE_RETRY_MILLIS} after each failure, it acknowledges nothing: publishes are
 * failed unstored (their clients resend) and the listener refuses new connections as server
 * unavailable ({@link #refusal()}). Nothing acknowledged depends on what the failure lost.
 */
final class OutboxWriter {
  private static final Logger LOG = Logger.getLogger(OutboxWriter.class);
  static final int MAX_GROUP = 4096;
    private static final long SWEEP_MILLIS = 5_000;
  private static final Object WAKE = new Object();
  /** How long after a storage failure the writer leaves H2 alone; each retry reopens the file. */
  static final long STORAGE_RETRY_MILLIS = 1_000;

  /** Work submitted while the outbox waits for its storage after a failure; not even tried. */
  static final class StorageUnavailable extends Exception {
    StorageUnavailable(String lastError) {
      super("the telemetry outbox is waiting for its storage: " + lastError);
    }
  }

  /** Where a connection's QoS 1 acknowledgements go once their messages are durable. */
  interface Acks {
    /** The first {@code n} ids are committed; send their PUBACKs in this order. */
    void acknowledge(int[] messageIds, int n);

    /** The commit failed: the client must resend, so its connection is closed unacknowledged. */
    void fail();
  }

  /**
   * One publish on its way to H2. stream null: a refused QoS 1 message that only needs its
   * PUBACK in order; acks null: QoS 0.
   */
  record Inbound(String stream, byte[] payload, Acks acks, int messageId) {}

  private final DataSource dataSource;
  private final Clock clock;
  private final StreamPolicy.Table policies;
  private final long maxBytes;
  private final OutboxLedger ledger;
  private final TelemetryMetrics metrics;
  private final OutboxEviction eviction;
  private final OutboxCleanup cleanup;
  private final StorageHealth health;
  private final BlockingQueue<Object> queue;
  private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  private final List<Object> group = new ArrayList<>(MAX_GROUP);
  private volatile boolean running = true;
  private Thread thread;
  private long lastId;
  private long lastTs;
  private long lastSweep;
  /** The ledger may be ahead of H2 (a storage failure): rebuild it before the next write. */
  private boolean reloadNeeded;
  private volatile long storageRetryAt;

  /**
   * @param backlogRows the outbox holds a backlog from this many messages on: rows of cut batches
   *     are then not deleted while it drains (see {@link OutboxCleanup})
   * @param maxDeadRows cut rows left undeleted at most before the cleanup runs even when the
   *     writer is busy
   */
  OutboxWriter(DataSource dataSource, Clock clock, StreamPolicy.Table policies, long maxBytes,
      int queueCapacity, OutboxLedger ledger, TelemetryMetrics metrics, long backlogRows,
      long maxDeadRows, StorageHealth health) {
    this.dataSource = dataSource;
    this.clock = clock;
    this.policies = policies;
    this.maxBytes = maxBytes;
    this.ledger = ledger;
    this.metrics = metrics;
    this.queue = new ArrayBlockingQueue<>(queueCapacity);
    this.eviction = new OutboxEviction(policies, maxBytes, ledger);
    this.health = health;
    this.cleanup = new OutboxCleanup(dataSource, ledger, backlogRows, maxDeadRows,
        this::storageFailed);
  }

  /** Loads the ledger from H2 and starts the thread. */
  void start() throws SQLException {
    load();
    lastSweep = clock.millis();
    thread = new Thread(this::run, "backroom-telemetry-writer");
    thread.setDaemon(true);
    thread.start();
  }

  private void load() throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      OutboxStore.refreshPolicies(c, policies);
      ledger.reset();
      OutboxStore.Loaded loaded = OutboxStore.load(c, ledger);
      c.commit();
      lastId = loaded.maxId();
      lastTs = loaded.maxTs();
      cleanup.resumeAfter(loaded.deletedThrough());
    }
  }

  /** Whether the storage failed a moment ago. */
  boolean storageFailing() {
    return storageRetryAt != 0 && System.nanoTime() - storageRetryAt < 0;
  }

  /**
   * Why the listener should refuse a new connection now, or null: the storage failed a moment
   * ago, or the disk is under its low-water mark (read now, so that a publisher's next connect
   * is what finds the room again).
   */
  String refusal() {
    return storageFailing() ? "storage_unavailable" : lowDiskRoom(0) ? null : "disk_low";
  }

  /**
   * The outbox's bytes when the disk went under its low-water mark; -1 while it is not. While
   * low, the outbox takes messages only up to that size: what uploads delete, H2 frees inside its
   * file, which the disk's free space does not show (the file never shrinks while the hub runs),
   * so refilling that space costs the disk nothing, and a disk that stays low (a small one, or
   * H2's own growth after a clock set back) does not stop telemetry for good.
   */
  private volatile long lowDiskBudget = -1;

  /** Whether {@code incoming} more bytes fit: the disk has room, or the outbox shrank since. */
  private boolean lowDiskRoom(long incoming) {
    if (!health.disk().low()) {
      lowDiskBudget = -1;
      return true;
    }
    long now = ledger.totalBytes();
    long budget = lowDiskBudget;
    if (budget < 0) {
      lowDiskBudget = now;
      budget = now;
    }
    return incoming > 0 ? now + incoming <= budget : now < budget;
  }

  /**
   * Notes a failure of the outbox's storage (true) or of anything else (false): after one, the
   * ledger is rebuilt from H2 before the next write, and H2 is left alone for a moment.
   */
  private boolean storageFailed(Throwable e) {
    if (health.failed(e).isEmpty()) {
      return false;
    }
    reloadNeeded = true;
    storageRetryAt = System.nanoTime() + STORAGE_RETRY_MILLIS * 1_000_000;
    return true;
  }

  /** Rebuilds the ledger if a storage failure left it in doubt; false while H2 cannot. */
  private boolean storageReady() {
    if (!reloadNeeded) {
      return true;
    }
    if (storageFailing()) {
      return false;
    }
    try {
      reload();
      reloadNeeded = false;
      LOG.infof("telemetry outbox reloaded after a storage failure: %d messages, %d bytes",
          ledger.totalMessages(), ledger.totalBytes());
      return true;
    } catch (SQLException | RuntimeException e) {
      if (!storageFailed(e)) {
        LOG.error("reloading the telemetry outbox failed", e);
        storageRetryAt = System.nanoTime() + STORAGE_RETRY_MILLIS * 1_000_000;
      }
      return false;
    }
  }

  /**
   * {@link #load}, tried once more at once after a storage failure, as {@link Jdbc#query} does
   * for reads: H2 keeps a database it closed registered until one of its sessions notices, so the
   * first connection taken after the close can still reach the closed one; its failure lets the
   * next connection open the file again.
   */
  private void reload() throws SQLException {
    try {
      load();
    } catch (SQLException | RuntimeException e) {
      if (StorageFailure.of(e).isEmpty()) {
        throw e;
      }
      load();
    }
  }

  /** Queues a publish; false when the queue is full (the caller drops and counts it). */
  boolean offer(Inbound m) {
    return queue.offer(m);
  }

  /** Runs {@code work} on the writer thread between two groups. */
  <T> CompletableFuture<T> submit(Callable<T> work) {
    CompletableFuture<T> f = new CompletableFuture<>();
    tasks.add(() -> {
      if (!storageReady()) {
        f.completeExceptionally(new StorageUnavailable(health.state().lastError()));
        return;
      }
      try {
        f.complete(work.call());
      } catch (Exception | Error e) {
        storageFailed(e);
        f.completeExceptionally(e);
      }
    });
    queue.offer(WAKE); // a full queue means the writer is busy and looks at tasks soon anyway
    return f;
  }

  /** Stops after the group in progress; whatever is still queued was never acknowledged. */
  void stop() {
    running = false;
    if (thread != null) {
      thread.interrupt();
      try {
        thread.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void run() {
    while (running) {
      try {
        boolean cleanupWaits = cleanup.wantedWhenIdle();
        Object first = cleanupWaits ? queue.poll() : queue.poll(200, TimeUnit.MILLISECONDS);
        if (first != null) {
          group.add(first);
          queue.drainTo(group, MAX_GROUP - 1);
          persist(group);
          group.clear();
        }
        boolean idle = first == null;
        for (Runnable t = tasks.poll(); t != null; t = tasks.poll()) {
          t.run();
          idle = false;
        }
        if (((idle && cleanupWaits) || cleanup.overdue()) && storageReady()) {
          cleanup.step();
        }
        if (clock.millis() - lastSweep >= SWEEP_MILLIS && storageReady()) {
          sweepExpired();
        }
      } catch (InterruptedException e) {
        if (!running) {
          break;
        }
      } catch (RuntimeException e) {
        if (!storageFailed(e)) {
          LOG.error("telemetry writer step failed", e);
        }
        group.clear();
      }
    }
  }

  private void persist(List<Object> items) {
    long now = Math.max(clock.millis(), lastTs); // monotonic: id order is also ts order
    List<OutboxStore.Row> rows = new ArrayList<>(items.size());
    Map<String, Long> nextSeqs = new HashMap<>();
    long id = lastId;
    long incoming = 0;
    for (Object o : items) {
      if (o instanceof Inbound m && m.stream() != null) {
        long seq = nextSeqs.computeIfAbsent(m.stream(), s -> ledger.stream(s).nextSeq);
        nextSeqs.put(m.stream(), seq + 1);
        StreamPolicy p = policies.of(m.stream());
        int bytes = OutboxBytes.of(m.payload());
        incoming += bytes;
        rows.add(new OutboxStore.Row(++id, m.stream(), seq, now, p.priority(),
            now + p.ttl().toMillis(), bytes, m.payload()));
      }
    }
    if (!rows.isEmpty() && !storageReady()) {
      // Not even tried: H2 is being left alone, or the ledger could not be rebuilt yet.
      failAll(items, "storage_unavailable");
      return;
    }
    if (!rows.isEmpty() && !lowDiskRoom(incoming)) {
      // The disk's last room is kept for the hub's own small writes (DiskSpace); the
      // publishers keep these messages and resend them.
      failAll(items, "disk_low");
      return;
    }
    if (!rows.isEmpty()) {
      try (Connection c = dataSource.getConnection()) {
        c.setAutoCommit(false);
        List<Eviction> evicted = List.of();
        try {
          OutboxStore.insert(c, rows);
          OutboxStore.saveNextSeqs(c, nextSeqs);
          long used = ledger.totalBytes() + incoming;
          if (used > maxBytes) {
            evicted = eviction.evict(c, Instant.ofEpochMilli(now), used);
          }
          c.commit();
        } catch (SQLException | RuntimeException e) {
          Jdbc.rollbackAfter(c, e);
          throw e;
        }
        committed(rows, nextSeqs, evicted, id, now);
        // The PUBACKs below promise the messages survive a kill: not before this returns.
        OutboxStore.checkpoint(c);
      } catch (SQLException | RuntimeException e) {
        if (storageFailed(e)) {
          LOG.debugf("could not store %d telemetry messages durably (storage: %s); their clients"
              + " must resend", rows.size(), e.getMessage());
          failAll(items, "storage_unavailable");
        } else {
          LOG.errorf(e, "could not store %d telemetry messages durably; their clients must"
              + " resend", rows.size());
          failAll(items, "store_failed");
        }
        return;
      }
      health.wrote();
    }
    acknowledge(items);
  }

  private void committed(List<OutboxStore.Row> rows, Map<String, Long> nextSeqs,
      List<Eviction> evicted, long id, long now) {
    lastId = id;
    lastTs = now;
    // Per stream: messages and bytes, summed before the ledger's lock is taken once for each.
    Map<String, long[]> perStream = new HashMap<>();
    String lastStream = null;
    long[] sums = null;
    for (OutboxStore.Row r : rows) {
      if (!r.stream().equals(lastStream)) {
        lastStream = r.stream();
        sums = perStream.computeIfAbsent(lastStream, k -> new long[2]);
      }
      sums[0]++;
      sums[1] += r.bytes();
    }
    perStream.forEach((stream, s) -> ledger.queued(stream, s[0], s[1]));
    nextSeqs.forEach(ledger::setNextSeq);
    applyEvictions(evicted);
    perStream.forEach((stream, s) -> metrics.ingested(stream, s[0]));
  }

  /** Drops messages past their ttl even while the outbox has room: they are not worth sending. */
  private void sweepExpired() {
    lastSweep = clock.millis();
    List<Eviction> evicted;
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        evicted = eviction.evictExpired(c, clock.instant());
        eviction.saveDrops(c, evicted);
        c.commit();
      } catch (SQLException | RuntimeException e) {
        Jdbc.rollbackAfter(c, e);
        throw e;
      }
    } catch (SQLException | RuntimeException e) {
      if (!storageFailed(e)) {
        LOG.warn("telemetry expiry sweep failed; retrying later", e);
      }
      return;
    }
    applyEvictions(evicted);
  }

  private void applyEvictions(List<Eviction> evicted) {
    for (Eviction e : evicted) {
      ledger.queued(e.entry().stream(), -1, -e.entry().bytes());
      ledger.dropped(e.entry().stream(), e.reason().tag(), 1);
      metrics.dropped(e.entry().stream(), e.reason().tag(), 1);
    }
  }

  /** One connection's PUBACKs of a group, in arrival order. */
  private static final class AckIds {
    int[] ids = new int[64];
    int n;

    void add(int id) {
      if (n == ids.length) {
        ids = java.util.Arrays.copyOf(ids, n * 2);
      }
      ids[n++] = id;
    }
  }

  /**
   * PUBACKs per connection, in the order the publishes arrived. A connection's messages mostly
   * come in runs, so the last one's ids are kept at hand rather than looked up every message.
   */
  private static void acknowledge(List<Object> items) {
    Map<Acks, AckIds> ids = new IdentityHashMap<>();
    Acks last = null;
    AckIds lastIds = null;
    for (Object o : items) {
      if (o instanceof Inbound m && m.acks() != null) {
        if (m.acks() != last) {
          last = m.acks();
          lastIds = ids.computeIfAbsent(last, k -> new AckIds());
        }
        lastIds.add(m.messageId());
      }
    }
    ids.forEach((acks, a) -> acks.acknowledge(a.ids, a.n));
  }

  private void failAll(List<Object> items, String reason) {
    Map<Acks, Boolean> failed = new IdentityHashMap<>();
    for (Object o : items) {
      if (o instanceof Inbound m) {
        metrics.rejected(reason);
        if (m.acks() != null && failed.put(m.acks(), true) == null) {
          m.acks().fail();
        }
      }
    }
  }
}
