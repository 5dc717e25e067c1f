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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Decides when a {@link ReconcilePass} runs. API writes and devices coming trigger one at once,
 * a device going offline one after a short settle ({@link #triggerLoss}).
 * Status reports and time ask for one that is spaced from the previous pass and lets the core
 * work queued meanwhile go first, within a bound ({@link PassDeferral}, {@code
 * backroom.loop.report-pass-gap}). The periodic tick is cheap: it runs a pass only when devices
 * came or went, when the last pass left time-dependent work (a rollout, a drain, a task waiting
 * out its grace period), or when the full-pass interval has elapsed. An idle store thus costs
 * almost nothing.
 */
@ApplicationScoped
public class ControlLoop {
  private static final Logger LOG = Logger.getLogger(ControlLoop.class);

  @Inject CoreExecutor core;
  @Inject ReconcilePass pass;
  @Inject DeviceRegistry devices;
  @Inject HubConfig config;

  /** A pass is asked for and has not started; triggers meanwhile collapse into it. */
  private final AtomicBoolean pending = new AtomicBoolean();
  /** The pending pass was asked for by something other than reports or time: it never waits. */
  private volatile boolean urgent;
  /** The pending pass waits on the timer, not yet in the core queue. */
  private volatile boolean delayed;
  /** System.nanoTime when the pending pass was asked for. */
  private volatile long requestedNanos;
  /** A pass for lost devices waits out the loss settle (see triggerLoss). */
  private final AtomicBoolean lossSettling = new AtomicBoolean();
  private volatile boolean dirty = true;
  private boolean timeDependent;
  /** System.nanoTime of the last pass: a wall clock step must not delay the next full pass. */
  private volatile long lastPassNanos = System.nanoTime();
  private Set<String> lastAvailable = Set.of();

  /** Asks for a pass at once; many triggers before it runs collapse into one. */
  public void trigger() {
    urgent = true;
    dirty = true;
    if (pending.compareAndSet(false, true)) {
      requestedNanos = System.nanoTime();
      delayed = false;
      queue();
    } else if (delayed) {
      // The pending pass waits on the timer: queue it now. The timer's copy later finds it run.
      delayed = false;
      queue();
    }
  }

  /**
   * Asks for a pass that may wait (see the class comment): for status reports, which arrive in
   * bursts, and for time.
   */
  public void triggerSoon() {
    dirty = true;
    if (pending.compareAndSet(false, true)) {
      long now = System.nanoTime();
      requestedNanos = now;
      long wait = PassDeferral.delayNanos(false, now - lastPassNanos,
          config.loop().reportPassGap().toNanos());
      if (wait == 0) {
        delayed = false;
        queue();
      } else {
        delayed = true;
        core.after(TimeUnit.NANOSECONDS.toMillis(wait) + 1, () -> {
          if (delayed) {
            delayed = false;
            queue();
          }
        });
        if (urgent && delayed) {
          // trigger() came between the compareAndSet and delayed: it must not wait the gap.
          delayed = false;
          queue();
        }
      }
    }
  }

  /**
   * Asks for a pass once {@code backroom.loop.loss-settle} has passed, for a device that went
   * offline: the devices lost with it are then replaced by the same pass. Losses meanwhile
   * collapse into it, and no pass runs before it (one that did would see only the first few).
   */
  public void triggerLoss() {
    dirty = true;
    if (lossSettling.compareAndSet(false, true)) {
      core.after(config.loop().lossSettle().toMillis(), () -> {
        lossSettling.set(false);
        trigger();
      });
    }
  }

  /** Queues the pending pass; if the core refuses it, none is pending and the tick retries. */
  private void queue() {
    if (!core.submit(this::runPass)) {
      pending.set(false);
    }
  }

  /** Called by the timer on the core thread. */
  void tick() {
    boolean due = System.nanoTime() - lastPassNanos > config.loop().fullPassInterval().toNanos();
    if (due || !lossSettling.get() && !available().equals(lastAvailable)) {
      trigger();
    } else if (dirty || timeDependent) {
      triggerSoon();
    }
  }

  public List<Unplaced> unplaced(String serviceName) {
    return pass.unplaced(serviceName);
  }

  private void runPass() {
    if (!pending.get()) {
      return; // a second copy of a pass that has already run (see trigger)
    }
    if (lossSettling.get()) {
      // A device went offline moments ago and others lost with it may follow: the settle's own
      // trigger runs the pass, covering this one. Had it already fired, it found this pass
      // pending and queued nothing, so it is asked for again here.
      pending.set(false);
      if (!lossSettling.get()) {
        trigger();
      }
      return;
    }
    if (PassDeferral.yields(urgent, core.queued(), System.nanoTime() - requestedNanos,
        config.loop().interval().toNanos()) && core.submit(this::runPass)) {
      return; // behind the work queued meanwhile; still pending, so triggers collapse into it
    }
    // Cleared before pending: a trigger in between then finds this pass pending and is covered
    // by its reading, which starts below.
    urgent = false;
    delayed = false;
    pending.set(false);
    dirty = false;
    Instant now = Instant.now();
    try {
      Set<String> available = available();
      pass.recordTransitions(lastAvailable, available, now);
      lastAvailable = available;
      long t0 = System.nanoTime();
      timeDependent = pass.run(now);
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
    } finally {
      lastPassNanos = System.nanoTime();
    }
  }

  private Set<String> available() {
    return devices.availableIds();
  }
}
