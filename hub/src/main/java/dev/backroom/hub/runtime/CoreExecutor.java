package dev.backroom.hub.runtime;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The hub's single core thread. Device reports and control-loop passes run here one at a time,
 * so they never race on the task table. Work is bounded: past the bound, ingest is shed (and
 * the periodic pass recovers), rather than memory growing without limit.
 */
@ApplicationScoped
public class CoreExecutor {
  private static final Logger LOG = Logger.getLogger(CoreExecutor.class);
  private static final int MAX_QUEUED = 50_000;

  private final ThreadPoolExecutor worker = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
      new ArrayBlockingQueue<>(MAX_QUEUED), r -> named(r, "backroom-core"));
  private final ScheduledThreadPoolExecutor timer =
      new ScheduledThreadPoolExecutor(1, r -> named(r, "backroom-timer"));

  /** Queues {@code work}; returns false when the queue is full or the hub is stopping. */
  public boolean submit(Runnable work) {
    try {
      worker.execute(() -> {
        try {
          work.run();
        } catch (RuntimeException e) {
          if (dev.backroom.jdbc.StorageFailure.of(e).isPresent()) {
            // The storage's readiness check reports the outage; the work is asked for again.
            LOG.warnf("core task failed while the storage fails: %s", e.getMessage());
          } else {
            LOG.error("core task failed", e);
          }
        }
      });
      return true;
    } catch (RejectedExecutionException e) {
      return false;
    }
  }

  public void every(long millis, Runnable work) {
    timer.scheduleWithFixedDelay(() -> submit(work), millis, millis, TimeUnit.MILLISECONDS);
  }

  public void shutdown() {
    timer.shutdownNow();
    worker.shutdown();
    try {
      worker.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Thread named(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }
}
