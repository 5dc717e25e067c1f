package dev.backroom.agent.mqtt;

import java.time.Duration;

/**
 * Decides whether a verified command is new: a signature proves the hub sent it once, not that
 * it is being sent now, and a replayed {@code exec-input} would type into a shell again.
 *
 * <ul>
 *   <li>Within one hub epoch the hub's command sequence only grows, and commands reach the
 *       device in order (one publisher, one topic, QoS 1), so a sequence at or below the last
 *       accepted one is a replay (or a QoS 1 duplicate, which must not run twice either).
 *   <li>An older epoch than the newest the device has verified (from a command or an
 *       assignment, the stored one included, so this holds across agent restarts) is a replay
 *       from before a hub restart.
 *   <li>A command whose signed time is more than {@link #SKEW} from the device's clock is
 *       refused: after an agent restart the sequence starts over in memory, and this bounds what
 *       a recorded command can do then. The window is wide because store devices may run
 *       without NTP; a device whose clock is off by more is told so in the log.
 * </ul>
 * Pure (time is an input); not thread-safe (the transport's one callback thread calls it).
 */
public final class CommandFreshness {
  public static final Duration SKEW = Duration.ofHours(1);
  public static final String REPLAYED = "replayed";
  public static final String CLOCK_SKEW = "clock_skew";

  private long epoch;
  private long seq = -1;

  /** Raises the epoch floor (a verified assignment's, or the stored one's at start). */
  public void observeEpoch(long e) {
    if (e > epoch) {
      epoch = e;
      seq = -1;
    }
  }

  /** Null when the command is fresh (and then remembered), else the refusal reason. */
  public String check(long cmdEpoch, long cmdSeq, long cmdTs, long nowMillis) {
    if (cmdEpoch < epoch || cmdEpoch == epoch && cmdSeq <= seq) {
      return REPLAYED;
    }
    if (Math.abs(cmdTs - nowMillis) > SKEW.toMillis()) {
      return CLOCK_SKEW;
    }
    epoch = cmdEpoch;
    seq = cmdSeq;
    return null;
  }

  public long epoch() {
    return epoch;
  }
}
