package dev.backroom.soak.extra;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.backroom.soak.FaultKind;
import dev.backroom.soak.SoakExtension;
import dev.backroom.soak.SoakOptions;
import dev.backroom.soak.SoakView;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The hub on a {@link SteppedClock} (libfaketime; its own Mosquitto inherits it), and the
 * {@code clock-step} fault: the wall clock stepped 1 to 10 minutes forward or back (the seed
 * picks), held, then stepped back to real time, as a store appliance without NTP drifts and is
 * corrected. Only when {@code clock-step} is selected: otherwise the hub runs on the real clock.
 */
public final class SteppedClockExtension implements SoakExtension {
  private SteppedClock clock;
  private int forward;
  private int back;

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
        return "stepped the hub's wall clock " + (minutes > 0 ? "+" : "") + minutes + " min";
      }, () -> {
        clock.heal();
        return "the hub's wall clock back to real time";
      });
    }));
  }

  @Override
  public synchronized void addTo(ObjectNode result) {
    if (clock != null) {
      result.putObject("clock_steps").put("forward", forward).put("back", back)
          .put("how", "libfaketime in the hub's environment; the monotonic clock is not moved");
    }
  }
}
