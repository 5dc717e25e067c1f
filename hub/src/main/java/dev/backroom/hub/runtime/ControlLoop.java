package dev.backroom.hub.runtime;

import dev.backroom.hub.config.HubConfig;
import dev.backroom.hub.core.scheduler.Unplaced;
import dev.backroom.hub.devices.DeviceRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Decides when a {@link ReconcilePass} runs. API writes and device events trigger one at once.
 * The periodic tick is cheap: it runs a pass only when devices came or went, when the last pass
 * left time-dependent work (a rollout, a drain, a task waiting out its grace period), or when the
 * full-pass interval has elapsed. An idle store thus costs almost nothing.
 */
@ApplicationScoped
public class ControlLoop {
  private static final Logger LOG = Logger.getLogger(ControlLoop.class);

  @Inject CoreExecutor core;
  @Inject ReconcilePass pass;
  @Inject DeviceRegistry devices;
  @Inject HubConfig config;

  private final AtomicBoolean pending = new AtomicBoolean();
  private volatile boolean dirty = true;
  private boolean timeDependent;
  /** System.nanoTime of the last pass: a wall clock step must not delay the next full pass. */
  private volatile long lastPassNanos = System.nanoTime();
  private Set<String> lastAvailable = Set.of();

  /** Asks for a pass soon; many triggers before it runs collapse into one. */
  public void trigger() {
    dirty = true;
    if (pending.compareAndSet(false, true) && !core.submit(this::runPass)) {
      pending.set(false);
    }
  }

  /** Called by the timer on the core thread. */
  void tick() {
    boolean due = System.nanoTime() - lastPassNanos > config.loop().fullPassInterval().toNanos();
    if (dirty || timeDependent || due || !available().equals(lastAvailable)) {
      trigger();
    }
  }

  public List<Unplaced> unplaced(String serviceName) {
    return pass.unplaced(serviceName);
  }

  private void runPass() {
    pending.set(false);
    dirty = false;
    Instant now = Instant.now();
    try {
      Set<String> available = available();
      pass.recordTransitions(lastAvailable, available, now);
      lastAvailable = available;
      long t0 = System.nanoTime();
      timeDependent = pass.run(now);
      lastPassNanos = System.nanoTime();
      LOG.debugf("pass took %d ms (%d devices available)", (System.nanoTime() - t0) / 1_000_000,
          available.size());
    } catch (RuntimeException e) {
      dirty = true;
      if (dev.backroom.jdbc.StorageFailure.of(e).isPresent()) {
        // The storage's readiness check reports the outage; nothing here is unhandled.
        LOG.warnf("control loop pass failed while the storage fails; the next tick retries: %s",
            e.getMessage());
      } else {
        LOG.error("control loop pass failed; the next tick retries", e);
      }
    }
  }

  private Set<String> available() {
    return devices.availableIds();
  }
}
