package dev.backroom.hub.sync;

import dev.backroom.hub.sync.CloudLink.CloudFailure;
import dev.backroom.retry.Retries;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * One sync direction on its own thread: run a step, wait what it asks (or until woken), repeat.
 * Failures back off with full jitter and never end the loop; the other direction and the control
 * loop are not affected.
 */
abstract class SyncLoop implements Runnable {
  private static final Logger LOG = Logger.getLogger(SyncLoop.class);
  /** How often a hub that is not enrolled looks for its identity file again. */
  static final Duration NOT_ENROLLED_RECHECK = Duration.ofSeconds(5);

  protected final Supplier<Optional<CloudLink>> link;
  protected final SyncStatus status;
  protected final Clock clock;
  protected final Retries backoff;
  private final String name;
  private final Object lock = new Object();
  private boolean woken;
  private volatile boolean stopped;
  private boolean failing;

  SyncLoop(String name, Supplier<Optional<CloudLink>> link, SyncStatus status, Clock clock,
      Retries backoff) {
    this.name = name;
    this.link = link;
    this.status = status;
    this.clock = clock;
    this.backoff = backoff;
  }

  /** One unit of work against {@code cloud}; returns how long to wait before the next. */
  protected abstract Duration step(CloudLink cloud) throws CloudFailure;

  /** Runs one step with failure handling; returns the wait. Visible for tests. */
  Duration runOnce() {
    Optional<CloudLink> cloud = link.get();
    if (cloud.isEmpty()) {
      return NOT_ENROLLED_RECHECK;
    }
    try {
      // A step may end without calling the cloud (a quiet store has nothing to report), which
      // says nothing about the link: only a contact made during the step counts as online.
      Instant contactBefore = status.lastContact();
      Duration next = step(cloud.get());
      Instant contactAfter = status.lastContact();
      if (contactAfter != null && !contactAfter.equals(contactBefore)) {
        status.linkOutcome(true, clock.instant());
      }
      backoff.reset();
      if (failing) {
        LOG.infof("cloud sync %s: reaching the cloud again", name);
        failing = false;
      }
      return next;
    } catch (CloudFailure f) {
      // An answer, even a refusal, means the link itself is up.
      status.linkOutcome(f.status() != 0, clock.instant());
      return failed(f.credentialRefused(), f.status() == 0 ? "cloud unreachable: " + f.getMessage()
          : "cloud answered " + f.status() + ": " + f.getMessage(), null);
    } catch (RuntimeException e) {
      status.linkOutcome(false, clock.instant());
      return failed(false, e.getClass().getSimpleName() + ": " + e.getMessage(), e);
    }
  }

  private Duration failed(boolean credentialRefused, String message, Throwable cause) {
    if (stopped) {
      return Duration.ZERO; // interrupted by shutdown: not a failure worth a line
    }
    status.failed(name + ": " + message);
    if (credentialRefused) {
      LOG.errorf("cloud sync %s: the cloud refused this store's credential (%s); re-enroll with"
          + " 'backroom hub enroll'. Retrying every %s", name, message, backoff.atCap());
      failing = true;
      return backoff.atCap();
    }
    Duration wait = backoff.next();
    if (!failing || cause != null) {
      // The first failure of a streak is worth a line; the retries are not.
      LOG.warnf(cause, "cloud sync %s failed, retrying with backoff (next in %d ms): %s", name,
          wait.toMillis(), message);
    }
    failing = true;
    return wait;
  }

  @Override
  public void run() {
    while (!stopped) {
      Duration wait = runOnce();
      await(wait);
    }
  }

  /** Cuts the current wait short. */
  void wake() {
    synchronized (lock) {
      woken = true;
      lock.notifyAll();
    }
  }

  void stop() {
    stopped = true;
    wake();
  }

  boolean stopped() {
    return stopped;
  }

  private void await(Duration wait) {
    long deadline = System.nanoTime() + wait.toNanos();
    synchronized (lock) {
      try {
        while (!woken && !stopped) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            break;
          }
          lock.wait(Math.max(1, left / 1_000_000));
        }
      } catch (InterruptedException e) {
        stopped = true;
        Thread.currentThread().interrupt();
      }
      woken = false;
    }
  }
}
