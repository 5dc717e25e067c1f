package dev.backroom.hub.devices;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock that only moves forward at the pace of {@link System#nanoTime}, anchored to the wall
 * clock once, when created. Device liveness is judged on it: a store appliance without NTP may
 * have its wall clock stepped by minutes (by hand, by a late NTP sync, by a dead RTC battery
 * after a power cut), and a liveness deadline on the wall clock would then take every device for
 * lost at once and move all their tasks, or keep a dead one alive for as long as the step.
 * Its instants mean nothing across a hub restart, so they are never stored.
 */
public final class MonotonicClock extends Clock {
  private final Instant origin;
  private final long originNanos;

  private MonotonicClock(Instant origin, long originNanos) {
    this.origin = origin;
    this.originNanos = originNanos;
  }

  /** Anchored to the wall clock now. */
  public static MonotonicClock start() {
    return new MonotonicClock(Instant.now(), System.nanoTime());
  }

  @Override
  public Instant instant() {
    return origin.plusNanos(System.nanoTime() - originNanos);
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("a liveness clock has no zone");
  }
}
