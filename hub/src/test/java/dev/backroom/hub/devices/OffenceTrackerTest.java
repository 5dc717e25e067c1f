package dev.backroom.hub.devices;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class OffenceTrackerTest {
  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

  /** Offences at these second offsets, threshold 3 in 10 s: flagged or not at the end. */
  record Case(String name, long[] at, boolean flagged, int flaggedAtIndex) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("three within the window", new long[] {0, 1, 2}, true, 2),
        new Case("two are not enough", new long[] {0, 1}, false, -1),
        new Case("spread beyond the window", new long[] {0, 10, 20, 30}, false, -1),
        new Case("the old one ages out, then three", new long[] {0, 11, 12, 13}, true, 3),
        new Case("flagged once only", new long[] {0, 1, 2, 3, 4, 5}, true, 2));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void flagsAtTheThreshold(Case c) {
    OffenceTracker t = new OffenceTracker(3, Duration.ofSeconds(10));
    int flaggedAt = -1;
    for (int i = 0; i < c.at().length; i++) {
      if (t.offence("d", T0.plusSeconds(c.at()[i]))) {
        assertEquals(-1, flaggedAt, "flagged twice");
        flaggedAt = i;
      }
    }
    assertEquals(c.flaggedAtIndex(), flaggedAt);
    assertEquals(c.flagged(), t.isFlagged("d"));
    assertEquals(c.at().length, t.total("d"));
    assertFalse(t.isFlagged("other"));
    assertTrue(t.flaggedCount() <= 1);
  }
}
