package dev.backroom.hub.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
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

  @ParameterizedTest(name = "{0} bytes -> {1}")
  @MethodSource("sizes")
  void bytes_inBinaryUnits(long bytes, String text) {
    assertEquals(text, UiFormat.bytes(bytes));
  }

  static Stream<Arguments> sizes() {
    return Stream.of(Arguments.of(0L, "0 B"), Arguments.of(1023L, "1023 B"),
        Arguments.of(1024L, "1 KiB"), Arguments.of(1536L, "1.5 KiB"),
        Arguments.of(3L * 1024 * 1024, "3 MiB"), Arguments.of(268_435_456L, "256 MiB"),
        Arguments.of(64L * 1024 * 1024 + 100 * 1024, "64.1 MiB"),
        Arguments.of(5L * 1024 * 1024 * 1024, "5 GiB"),
        Arguments.of(3L << 40, "3 TiB"), Arguments.of(5000L << 40, "5000 TiB"));
  }

  @ParameterizedTest(name = "{0} MiB")
  @MethodSource("mibs")
  void mib_saysItsUnit(long mib, String text) {
    assertEquals(text, UiFormat.mib(mib));
  }

  static Stream<Arguments> mibs() {
    return Stream.of(Arguments.of(0L, "0 MiB"), Arguments.of(24041L, "24041 MiB"),
        Arguments.of(-16L, "-16 MiB"));
  }

  @ParameterizedTest(name = "{0} at {1} -> {2}")
  @MethodSource("clocks")
  void clock_isUtcWithItsZone_andTheYearWhenNotThisOne(String at, String now, String text) {
    assertEquals(text, UiFormat.clock(at == null ? null : Instant.parse(at), Instant.parse(now)));
  }

  static Stream<Arguments> clocks() {
    return Stream.of(Arguments.of(null, "2026-12-01T12:00:00Z", "-"),
        Arguments.of("2026-12-01T09:05:00Z", "2026-12-01T12:00:00Z", "12-01 09:05:00 UTC"),
        Arguments.of("2026-01-01T00:00:00Z", "2026-12-31T23:59:59Z", "01-01 00:00:00 UTC"),
        Arguments.of("2025-12-31T23:59:59Z", "2026-01-01T00:00:01Z", "2025-12-31 23:59:59 UTC"),
        // The 24-hour clock: 23:30, never "11:30 PM".
        Arguments.of("2026-06-30T23:30:00Z", "2026-12-01T12:00:00Z", "06-30 23:30:00 UTC"),
        Arguments.of("2027-01-01T00:00:00Z", "2026-12-31T23:00:00Z", "2027-01-01 00:00:00 UTC"));
  }
}
