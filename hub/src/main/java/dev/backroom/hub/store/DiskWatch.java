package dev.backroom.hub.store;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Reads the data directory's free space twice a second, so that the low-water mark
 * ({@link DiskSpace}) and the reserve ({@link DiskReserve}) follow a disk that something else
 * fills while the hub itself writes nothing (the telemetry writer and readiness read it too, but
 * only when they run). One {@code statvfs} per reading.
 */
@ApplicationScoped
public class DiskWatch {
  private static final Logger LOG = Logger.getLogger(DiskWatch.class);
  static final long PERIOD_MS = 500;

  @Inject StorageHealth health;
  private ScheduledExecutorService timer;

  void onStart(@Observes StartupEvent e) {
    timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "backroom-disk");
      t.setDaemon(true);
      return t;
    });
    timer.scheduleWithFixedDelay(this::read, 0, PERIOD_MS, TimeUnit.MILLISECONDS);
  }

  void onStop(@Observes ShutdownEvent e) {
    if (timer != null) {
      timer.shutdownNow();
    }
  }

  private void read() {
    try {
      DiskSpace disk = health.disk();
      disk.low();
      health.reserve().adjust(disk.lastFree());
    } catch (RuntimeException ex) {
      // A reading that fails is tried again at the next tick; the timer must not die of it.
      LOG.warnf("reading the data directory's disk failed: %s", ex.toString());
    }
  }
}
