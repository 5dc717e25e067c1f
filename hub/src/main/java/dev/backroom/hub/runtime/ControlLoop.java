package dev.backroom.hub.runtime;

import dev.backroom.hub.config.HubConfig;
import dev.backroom.hub.core.plan.PassDeferral;
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
 * Decides when a {@link ReconcilePass} runs. API writes and device events trigger one at once;
 * status reports and time ask for one that first lets the core work queued meanwhile run (the
 * rest of a burst of reports), for at most one loop interval ({@link PassDeferral}). The
 * periodic tick is cheap: it runs a pass only when devices came or went, when the last pass
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
  /** The pending pass was asked for by something other than reports or time: it never waits. */
  private volatile boolean urgent;
  /** System.nanoTime when the pending pass was asked for. */
  private volatile long requestedNanos;
  private volatile boolean dirty = true;
  private boolean timeDependent;
  /** System.nanoTime of the last pass: a wall clock step must not delay the next full pass. */
  private volatile long lastPassNanos = System.nanoTime();
  private Set<String> lastAvailable = Set.of();

  /** Asks for a pass at once; many triggers before it runs collapse into one. */
  public void trigger() {
    urgent = true;
    request();
  }

  /**
   * Asks for a pass that may first let the core work already queued run, for at most one loop
   * interval: for status reports, which arrive in bursts and change no decision but health and
   * replacements.
   */
  public void triggerSoon() {
    request();
  }

  private void request() {
    dirty = true;
    if (pending.compareAndSet(false, true)) {
      requestedNanos = System.nanoTime();
      if (!core.submit(this::runPass)) {
        pending.set(false);
      }
    }
  }

  /** Called by the timer on the core thread. */
  void tick() {
    boolean due = System.nanoTime() - lastPassNanos > config.loop().fullPassInterval().toNanos();
    if (due || !available().equals(lastAvailable)) {
      trigger();
    } else if (dirty || timeDependent) {
      triggerSoon();
    }
  }

  public List<Unplaced> unplaced(String serviceName) {
    return pass.unplaced(serviceName);
  }

  private void runPass() {
    if (PassDeferral.yields(urgent, core.queued(), System.nanoTime() - requestedNanos,
        config.loop().interval().toNanos()) && core.submit(this::runPass)) {
      return; // behind the work queued meanwhile; still pending, so triggers collapse into it
    }
    // Cleared before pending: a trigger in between then finds this pass pending and is covered
    // by its reading, which starts below.
    urgent = false;
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
