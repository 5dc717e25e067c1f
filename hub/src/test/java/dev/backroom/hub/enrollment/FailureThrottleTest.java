package dev.backroom.hub.enrollment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FailureThrottleTest {
  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

  @Test
  void refusesAfterMaxFailuresUntilTheOldestAgesOut() {
    FailureThrottle t = new FailureThrottle(3, Duration.ofSeconds(60));
    for (int i = 0; i < 3; i++) {
      assertEquals(Duration.ZERO, t.retryAfter("a", T0.plusSeconds(i)));
      t.failed("a", T0.plusSeconds(i));
    }
    assertEquals(Duration.ofSeconds(58), t.retryAfter("a", T0.plusSeconds(2)));
    assertEquals(Duration.ZERO, t.retryAfter("b", T0.plusSeconds(2)), "keys are independent");
    assertEquals(Duration.ZERO, t.retryAfter("a", T0.plusSeconds(60)));
  }

  /** Against a naive model over a seeded random history: same verdict at every step. */
  @Test
  void agreesWithASlidingWindowModel() {
    Random rnd = new Random(42);
    for (int round = 0; round < 200; round++) {
      int max = 1 + rnd.nextInt(5);
      Duration window = Duration.ofSeconds(1 + rnd.nextInt(30));
      FailureThrottle t = new FailureThrottle(max, window);
      Deque<Instant> model = new ArrayDeque<>();
      Instant now = T0;
      for (int step = 0; step < 100; step++) {
        now = now.plusMillis(rnd.nextInt(5_000));
        Instant cutoff = now.minus(window);
        model.removeIf(i -> !i.isAfter(cutoff));
        boolean blocked = model.size() >= max;
        assertEquals(blocked, !t.retryAfter("k", now).isZero(), "round " + round + " step " + step);
        if (!blocked && rnd.nextBoolean()) {
          t.failed("k", now);
          model.addLast(now);
        }
        assertTrue(t.retryAfter("k", now).compareTo(window) <= 0);
      }
    }
  }
}
