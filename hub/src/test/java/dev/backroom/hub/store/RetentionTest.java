package dev.backroom.hub.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.backroom.hub.store.Retention.Stamped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The bounds of kept tokens and deleted services: which records a purge drops. */
class RetentionTest {
  private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");

  /** Records given as "key@minutes ago"; what must be purged, in any order given. */
  record Case(String name, Retention retention, List<String> records, List<String> purged) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    Retention hourOf3 = new Retention(Duration.ofHours(1), 3);
    Retention dayOf1000 = new Retention(Duration.ofHours(24), 1000);
    return Stream.of(
        new Case("nothing kept, nothing purged", hourOf3, List.of(), List.of()),
        new Case("young and few: all kept", hourOf3, List.of("a@0", "b@30", "c@59"), List.of()),
        new Case("exactly at the cut is kept", hourOf3, List.of("a@60"), List.of()),
        new Case("a second past the cut is purged", hourOf3, List.of("a@60.0167", "b@1"),
            List.of("a")),
        new Case("beyond the newest three, the oldest go", hourOf3,
            List.of("d@4", "a@1", "c@3", "b@2", "e@5"), List.of("d", "e")),
        new Case("both bounds at once", hourOf3, List.of("a@1", "b@2", "old@90", "c@3", "d@4"),
            List.of("d", "old")),
        new Case("a tie of time is broken by key", hourOf3,
            List.of("b@5", "a@5", "d@5", "c@5"), List.of("d")),
        new Case("a day's tokens: a day and a minute is gone", dayOf1000,
            List.of("t1@1439", "t2@1441", "t3@0"), List.of("t2")),
        new Case("a day's tokens: the 1001st newest is gone", dayOf1000, thousandAndOne(),
            List.of("k1000")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void purges(Case c) {
    List<Stamped> records = c.records().stream().map(RetentionTest::stamped).toList();
    assertEquals(c.purged().stream().sorted().toList(),
        c.retention().purged(records, NOW).stream().sorted().toList());
  }

  @Test
  void theCut_isMaxAgeBeforeNow() {
    assertEquals(Instant.parse("2026-12-06T12:00:00Z"),
        new Retention(Duration.ofHours(24), 1).cut(NOW));
  }

  @Test
  void aRetentionThatKeepsNothing_isRefused() {
    assertThrows(IllegalArgumentException.class, () -> new Retention(Duration.ZERO, 5));
    assertThrows(IllegalArgumentException.class, () -> new Retention(Duration.ofHours(1), 0));
  }

  /** k0 (newest) to k1000, a second apart. */
  private static List<String> thousandAndOne() {
    List<String> out = new ArrayList<>();
    for (int i = 0; i <= 1000; i++) {
      out.add("k" + i + "@" + (i / 60.0));
    }
    return out;
  }

  private static Stamped stamped(String spec) {
    String[] kv = spec.split("@");
    long seconds = Math.round(Double.parseDouble(kv[1]) * 60);
    return new Stamped(kv[0], NOW.minusSeconds(seconds));
  }
}
