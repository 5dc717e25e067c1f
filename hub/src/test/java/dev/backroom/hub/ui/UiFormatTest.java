package dev.backroom.hub.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class UiFormatTest {
  private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

  record Case(Long secondsAgo, String age) {
    @Override
    public String toString() {
      return secondsAgo + " s -> " + age;
    }
  }

  static Stream<Case> ages() {
    return Stream.of(new Case(null, "never"), new Case(0L, "0 s"), new Case(119L, "119 s"),
        new Case(120L, "2 min"), new Case(7199L, "119 min"), new Case(7200L, "2 h"),
        new Case(172_799L, "47 h"), new Case(172_800L, "2 d"), new Case(-5L, "0 s"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("ages")
  void age_isShortAndNeverNegative(Case c) {
    Instant t = c.secondsAgo() == null ? null : NOW.minusSeconds(c.secondsAgo());
    assertEquals(c.age(), UiFormat.age(t, NOW));
  }

  @ParameterizedTest(name = "{0} bytes")
  @MethodSource("sizes")
  void bytes_inBinaryUnits(long bytes, String text) {
    assertEquals(text, UiFormat.bytes(bytes));
  }

  static Stream<org.junit.jupiter.params.provider.Arguments> sizes() {
    return Stream.of(org.junit.jupiter.params.provider.Arguments.of(0L, "0 B"),
        org.junit.jupiter.params.provider.Arguments.of(1023L, "1023 B"),
        org.junit.jupiter.params.provider.Arguments.of(1536L, "1.5 KiB"),
        org.junit.jupiter.params.provider.Arguments.of(3L * 1024 * 1024, "3.0 MiB"));
  }
}
