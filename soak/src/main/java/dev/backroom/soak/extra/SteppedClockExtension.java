package dev.backroom.soak.extra;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.backroom.soak.FaultKind;
import dev.backroom.soak.Finding;
import dev.backroom.soak.Invariant;
import dev.backroom.soak.SoakExtension;
import dev.backroom.soak.SoakOptions;
import dev.backroom.soak.SoakView;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * The hub on a {@link SteppedClock} (libfaketime; its own Mosquitto inherits it), and the
 * {@code clock-step} fault: the wall clock stepped 1 to 10 minutes forward or back (the seed
 * picks), held, then stepped back to real time, as a store appliance without NTP drifts and is
 * corrected. Only when {@code clock-step} is selected: otherwise the hub runs on the real clock.
 */
public final class SteppedClockExtension implements SoakExtension {
  /** libfaketime reads the offset again within about a second; a busy machine adds some. */
  static final Duration FOLLOW = Duration.ofSeconds(20);
  static final Duration TOLERANCE = Duration.ofSeconds(3);

  private SteppedClock clock;
  private SoakView view;
  private int forward;
  private int back;
  /** Steps and heals the hub's clock did not follow within FOLLOW, since the last check. */
  private final List<Finding> unfollowed = new ArrayList<>();

  @Override
  public void prepare(SoakOptions options, Path runDir) {
    if (options.faults().contains("clock-step")) {
      clock = SteppedClock.create(runDir.resolve("hub-clock-offset"));
    }
  }

  @Override
  public Map<String, String> hubEnvironment() {
    return clock == null ? Map.of() : clock.environment();
  }

  @Override
  public List<FaultKind> faultKinds(SoakView view) {
    if (clock == null) {
      return List.of();
    }
    this.view = view;
    return List.of(ExtraFault.kind("clock-step", random -> {
      int minutes = (1 + random.nextInt(10)) * (random.nextBoolean() ? 1 : -1);
      Duration step = Duration.ofMinutes(minutes);
      String target = "hub clock " + (minutes > 0 ? "+" : "") + minutes + " min";
      return new ExtraFault("clock-step", target, () -> {
        synchronized (this) {
          if (minutes > 0) {
            forward++;
          } else {
            back++;
          }
        }
        clock.step(step);
        return "stepped the hub's wall clock " + (minutes > 0 ? "+" : "") + minutes + " min; "
            + followed();
      }, () -> {
        clock.heal();
        return "the hub's wall clock back to real time; " + followed();
      });
    }));
  }

  /**
   * Waits until the hub's own clock, as its API shows it, is at the offset just set: a step the
   * hub never saw would let a run pass that tested nothing. One it does not follow is a finding.
   */
  private String followed() {
    Duration want = clock.offset();
    long t0 = System.nanoTime();
    Duration seen = null;
    while (System.nanoTime() - t0 < FOLLOW.toNanos()) {
      try {
        seen = SteppedClock.observedOffset(view.hub().api());
        if (seen.minus(want).abs().compareTo(TOLERANCE) < 0) {
          return "the hub reads " + seen.toSeconds() + " s after " + (System.nanoTime() - t0) / 1_000_000
              + " ms";
        }
      } catch (RuntimeException | AssertionError e) {
        seen = null; // the API busy or refusing (HubApi's expect throws AssertionError): again
      }
      LockSupport.parkNanos(Duration.ofMillis(500).toNanos());
    }
    String detail = "the hub's clock not at offset " + want.toSeconds() + " s within " + FOLLOW.toSeconds()
        + " s (last read " + (seen == null ? "none" : seen.toSeconds() + " s") + ")";
    synchronized (this) {
      unfollowed.add(new Finding("hub", "clock-not-followed", detail));
    }
    return detail;
  }

  @Override
  public List<Invariant> invariants(SoakView view) {
    if (clock == null) {
      return List.of();
    }
    return List.of(new Invariant() {
      @Override
      public String name() {
        return "the hub's clock follows every step";
      }

      @Override
      public Check check(String when) {
        synchronized (SteppedClockExtension.this) {
          Check c = new Check(name(), when, unfollowed);
          unfollowed.clear();
          return c;
        }
      }
    });
  }

  @Override
  public synchronized void addTo(ObjectNode result) {
    if (clock != null) {
      result.putObject("clock_steps").put("forward", forward).put("back", back)
          .put("how", "libfaketime in the hub's environment; the monotonic clock is not moved");
    }
  }
}
