package dev.backroom.hub.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The global per-kind cap on event writes, whatever the client id. */
class KindRateLimitTest {

  /** times: the offsets (ms) of successive writes of one kind; expected: which were allowed. */
  @ParameterizedTest
  @CsvSource(delimiter = ';', value = {
      "0 1 2 3; 1 1 1 0",          // three a window
      "0 1 2 999 1000 1001; 1 1 1 0 1 1", // a new window starts at 1000
      "0 5000 5001 5002 5003; 1 1 1 1 0",
      "100 50; 1 1",                // a clock stepping back starts a new window
  })
  void allows_atMostPerWindow(String times, String expected) {
    KindRateLimit l = new KindRateLimit(3, 1000);
    StringBuilder got = new StringBuilder();
    for (String t : times.split(" ")) {
      got.append(got.isEmpty() ? "" : " ").append(l.allow("mqtt-will-refused", Long.parseLong(t)) ? 1 : 0);
    }
    assertEquals(expected, got.toString());
  }

  /** Seeded property: in any window, no kind gets more than the cap, and kinds do not share it. */
  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 42, 1337})
  void neverMoreThanTheCap_perKindAndWindow(long seed) {
    Random r = new Random(seed);
    KindRateLimit l = new KindRateLimit(5, 1000);
    java.util.Map<String, java.util.List<Long>> allowed = new java.util.HashMap<>();
    long t = 0;
    for (int i = 0; i < 5000; i++) {
      t += r.nextInt(20);
      String kind = "k" + r.nextInt(3);
      if (l.allow(kind, t)) {
        allowed.computeIfAbsent(kind, k -> new java.util.ArrayList<>()).add(t);
      }
    }
    long now = t;
    assertEquals(3, allowed.size());
    allowed.forEach((kind, ts) -> {
      // Windows are fixed and at least 1000 ms apart, at most 5 writes each: any 11 consecutive
      // allowed writes span three windows, so more than a full window lies between their ends.
      for (int i = 10; i < ts.size(); i++) {
        assertTrue(ts.get(i) - ts.get(i - 10) >= 1000, kind + " at " + ts.get(i));
      }
      // And the cap is reached: the 5,000 tries span many windows, each allowing 5.
      assertTrue(ts.size() >= 5 * (now / 1000) / 2, kind + " got only " + ts.size());
    });
  }

  @ParameterizedTest
  @CsvSource({"0,1000", "3,0"})
  void nonPositiveLimits_areRefused(int per, long window) {
    assertThrows(IllegalArgumentException.class, () -> new KindRateLimit(per, window));
  }
}
