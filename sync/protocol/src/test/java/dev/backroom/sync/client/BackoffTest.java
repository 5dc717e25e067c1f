package dev.backroom.sync.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class BackoffTest {
  @ParameterizedTest(name = "attempt {0} -> at most {1} ms")
  @CsvSource({"0, 500", "1, 1000", "2, 2000", "5, 16000", "6, 30000", "7, 30000", "62, 30000",
      "1000, 30000", "-1, 500"})
  void ceiling_doublesFromBaseUpToCap(int attempt, long ms) {
    assertEquals(Duration.ofMillis(ms), Backoff.DEFAULT.ceiling(attempt));
  }

  static Stream<Long> seeds() {
    return new Random(500L).longs(30).boxed();
  }

  /** Verifies full jitter: every delay within [0, ceiling], and the spread reaches both ends. */
  @ParameterizedTest
  @MethodSource("seeds")
  void delay_isUniformWithinTheCeiling(long seed) {
    Random r = new Random(seed);
    int attempt = r.nextInt(12);
    long ceiling = Backoff.DEFAULT.ceiling(attempt).toMillis();
    long min = Long.MAX_VALUE;
    long max = 0;
    for (int i = 0; i < 2000; i++) {
      long d = Backoff.DEFAULT.delay(attempt, r).toMillis();
      assertTrue(d >= 0 && d <= ceiling, d + " outside [0, " + ceiling + "]");
      min = Math.min(min, d);
      max = Math.max(max, d);
    }
    assertTrue(min < ceiling / 10, "never near 0: " + min);
    assertTrue(max > ceiling * 9 / 10, "never near the ceiling: " + max);
  }

  @Test
  void sameSeed_sameDelays() {
    Random a = new Random(42);
    Random b = new Random(42);
    for (int i = 0; i < 20; i++) {
      assertEquals(Backoff.DEFAULT.delay(i, a), Backoff.DEFAULT.delay(i, b));
    }
  }

  @ParameterizedTest
  @CsvSource({"0, 10", "-5, 10", "10, 5"})
  void badBounds_areRefused(long baseMs, long capMs) {
    assertThrows(IllegalArgumentException.class,
        () -> new Backoff(Duration.ofMillis(baseMs), Duration.ofMillis(capMs)));
  }
}
