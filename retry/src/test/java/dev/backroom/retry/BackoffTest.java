package dev.backroom.retry;

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

/**
 * The one backoff, under the parameters of each of its users: the sync protocol's (base 500 ms,
 * cap 30 s, full jitter, hub sync loops and telemetry upload) and the agent's container restarts
 * (base 1 s, cap 30 s, the ceiling itself).
 */
class BackoffTest {
  private static final Backoff SYNC = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30));
  private static final Backoff RESTARTS = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30));

  @ParameterizedTest(name = "base {0} ms, cap {1} ms, attempt {2} -> at most {3} ms")
  @CsvSource({
      // sync protocol
      "500, 30000, 0, 500", "500, 30000, 1, 1000", "500, 30000, 2, 2000", "500, 30000, 5, 16000",
      "500, 30000, 6, 30000", "500, 30000, 7, 30000", "500, 30000, 62, 30000",
      "500, 30000, 1000, 30000", "500, 30000, 2147483647, 30000", "500, 30000, -1, 500",
      // agent restarts (attempt = streak - 1)
      "1000, 30000, 0, 1000", "1000, 30000, 1, 2000", "1000, 30000, 4, 16000",
      "1000, 30000, 5, 30000", "1000, 30000, 39, 30000",
      // a cap equal to the base, and a large base near overflow
      "30000, 30000, 3, 30000", "4611686018427387904, 9223372036854775807, 1, 9223372036854775807"})
  void ceiling_doublesFromBaseUpToCap_withoutOverflow(long baseMs, long capMs, int attempt, long ms) {
    assertEquals(Duration.ofMillis(ms),
        new Backoff(Duration.ofMillis(baseMs), Duration.ofMillis(capMs)).ceiling(attempt));
  }

  static Stream<Long> seeds() {
    return new Random(500L).longs(30).boxed();
  }

  /** Full jitter over seeded randomness: within [0, ceiling], and the spread reaches both ends. */
  @ParameterizedTest
  @MethodSource("seeds")
  void delay_isUniformWithinTheCeiling(long seed) {
    Random r = new Random(seed);
    int attempt = r.nextInt(12);
    long ceiling = SYNC.ceiling(attempt).toMillis();
    long min = Long.MAX_VALUE;
    long max = 0;
    for (int i = 0; i < 2000; i++) {
      long d = SYNC.delay(attempt, r).toMillis();
      assertTrue(d >= 0 && d <= ceiling, d + " outside [0, " + ceiling + "]");
      min = Math.min(min, d);
      max = Math.max(max, d);
    }
    assertTrue(min < ceiling / 10, "never near 0: " + min);
    assertTrue(max > ceiling * 9 / 10, "never near the ceiling: " + max);
  }

  /** The counter: each failure's wait lies under its attempt's ceiling; reset starts over. */
  @ParameterizedTest
  @MethodSource("seeds")
  void retries_countAttempts_andStayWithinTheirCeilings(long seed) {
    Retries retries = SYNC.retries(new Random(seed));
    for (int i = 0; i < 40; i++) {
      long ceiling = SYNC.ceiling(retries.attempts()).toMillis();
      long d = retries.next().toMillis();
      assertTrue(d >= 0 && d <= ceiling, "delay " + d + " within [0, " + ceiling + "]");
      assertEquals(i + 1, retries.attempts());
    }
    assertEquals(SYNC.cap(), retries.atCap());
    assertEquals(41, retries.attempts());
    retries.reset();
    assertEquals(0, retries.attempts());
    assertTrue(retries.next().compareTo(SYNC.base()) <= 0, "the first wait after a reset");
  }

  @Test
  void sameSeed_sameDelays() {
    Random a = new Random(42);
    Random b = new Random(42);
    for (int i = 0; i < 20; i++) {
      assertEquals(SYNC.delay(i, a), SYNC.delay(i, b));
    }
    assertEquals(RESTARTS.ceiling(3), Duration.ofSeconds(8));
  }

  @ParameterizedTest
  @CsvSource({"0, 10", "-5, 10", "10, 5"})
  void badBounds_areRefusedWithTheReason(long baseMs, long capMs) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new Backoff(Duration.ofMillis(baseMs), Duration.ofMillis(capMs)));
    assertTrue(e.getMessage().contains("0 < base <= cap"), e.getMessage());
  }
}
