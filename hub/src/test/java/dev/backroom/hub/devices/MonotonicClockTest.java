package dev.backroom.hub.devices;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class MonotonicClockTest {
  @Test
  void startsAtTheWallClock_andNeverGoesBack() {
    Instant before = Instant.now();
    MonotonicClock clock = MonotonicClock.start();
    Instant first = clock.instant();
    assertTrue(Duration.between(before, first).abs().toMillis() < 1_000, before + " vs " + first);
    Instant last = first;
    for (int i = 0; i < 100_000; i++) {
      Instant t = clock.instant();
      assertFalse(t.isBefore(last), t + " before " + last);
      last = t;
    }
    assertTrue(last.isAfter(first), "no time passed over 100,000 reads");
  }
}
