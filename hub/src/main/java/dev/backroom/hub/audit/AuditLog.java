package dev.backroom.hub.audit;

import dev.backroom.jdbc.Jdbc;
import dev.backroom.jdbc.StorageFailure;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * The audit log in H2 ({@code audit_log}). Entries are written by one thread in arrival order, off
 * the HTTP event loop; a write lands a few milliseconds after the answer left. The oldest rows go
 * once there are more than {@link #MAX_ROWS}, so a flood of refused requests cannot fill the disk.
 */
@ApplicationScoped
public class AuditLog {
  private static final Logger LOG = Logger.getLogger(AuditLog.class);
  static final long MAX_ROWS = 200_000;
  private static final int PRUNE_EVERY = 1_000;

  @Inject Jdbc jdbc;

  private final AtomicLong appended = new AtomicLong();
  private final AtomicLong lost = new AtomicLong();
  private final ThreadPoolExecutor writer = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
      new ArrayBlockingQueue<>(10_000), r -> {
        Thread t = new Thread(r, "backroom-audit");
        t.setDaemon(true);
        return t;
      }, (r, e) -> lost.incrementAndGet());

  /** Queues an entry (its {@code auditId} is ignored; H2 assigns it). */
  public void append(AuditEntry e) {
    writer.execute(() -> write(e));
  }

  /** Entries that could not be queued because the writer fell 10,000 behind. */
  public long lost() {
    return lost.get();
  }

  /** Newest first. */
  public List<AuditEntry> list(String actor, Instant since, int limit) {
    return jdbc.query("select * from audit_log where (? is null or actor = ?)"
        + " and (? is null or at >= ?) order by audit_id desc limit ?",
        rs -> new AuditEntry(rs.getLong("audit_id"), Jdbc.instant(rs, "at"),
            rs.getString("actor"), rs.getString("role"), rs.getString("auth_method"),
            rs.getString("method"), rs.getString("path"), rs.getString("target"),
            rs.getString("remote_address"), rs.getInt("status"), rs.getString("error"),
            rs.getString("error_message")),
        actor, actor, since, since, limit);
  }

  /** Waits until every queued entry is written (tests, shutdown). */
  public void flush() {
    try {
      writer.submit(() -> { }).get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.warn("audit log flush did not finish", e);
    }
  }

  void onStop(@Observes ShutdownEvent e) {
    writer.shutdown();
    try {
      writer.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
    }
  }

  private void write(AuditEntry e) {
    try {
      jdbc.update("insert into audit_log (at, actor, role, auth_method, method, path, target,"
          + " remote_address, status, error, error_message) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
          e.at(), clip(e.actor(), 64), e.role(), e.authMethod(), clip(e.method(), 8),
          clip(e.path(), 1024), clip(e.target(), 255), clip(e.remoteAddress(), 64), e.status(),
          clip(e.error(), 64), clip(e.errorMessage(), 255));
      if (appended.incrementAndGet() % PRUNE_EVERY == 0) {
        jdbc.update("delete from audit_log where audit_id <= (select max(audit_id) from audit_log)"
            + " - ?", MAX_ROWS);
      }
    } catch (RuntimeException ex) {
      lost.incrementAndGet();
      if (StorageFailure.of(ex).isPresent()) {
        // The storage's state is logged once per episode (StorageHealth); one line per entry.
        LOG.warnf("could not write an audit entry for %s %s: the hub's storage is %s",
            e.method(), e.path(), StorageFailure.of(ex).get());
      } else {
        LOG.error("could not write an audit entry for " + e.method() + " " + e.path(), ex);
      }
    }
  }

  private static String clip(String s, int max) {
    return s == null || s.length() <= max ? s : s.substring(0, max);
  }
}
