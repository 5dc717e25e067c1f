package dev.backroom.hub.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class RetryBackoffTest {
  private static final Duration BASE = Duration.ofMillis(500);
  private static final Duration CAP = Duration.ofSeconds(30);

  record Case(int attempt, long ceilingMillis) {}

  static Stream<Case> ceilings() {
    return Stream.of(new Case(0, 500), new Case(1, 1000), new Case(5, 16_000), new Case(6, 30_000),
        new Case(62, 30_000), new Case(Integer.MAX_VALUE, 30_000));
  }

  @ParameterizedTest
  @MethodSource("ceilings")
  void ceiling_doublesUpToTheCap_withoutOverflow(Case c) {
    assertEquals(c.ceilingMillis(), new RetryBackoff(BASE, CAP, new Random(1)).ceiling(c.attempt()));
  }

  /** Property over seeded randomness: every delay lies in [0, ceiling of its attempt]. */
  static IntStream seeds() {
    return IntStream.range(0, 20);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void delays_stayWithinFullJitterBounds(int seed) {
    RetryBackoff b = new RetryBackoff(BASE, CAP, new Random(seed));
    for (int i = 0; i < 40; i++) {
      long ceiling = b.ceiling(b.attempts());
      long d = b.next().toMillis();
      assertTrue(d >= 0 && d <= ceiling, "delay " + d + " within [0, " + ceiling + "]");
    }
    b.reset();
    assertEquals(0, b.attempts());
    assertEquals(CAP, b.atCap());
  }

  @Test
  void badBounds_areRefusedWithTheReason() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new RetryBackoff(CAP, BASE, new Random(1)));
    assertTrue(e.getMessage().contains("base"));
  }
}
