package dev.backroom.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class StatsTest {
  @Test
  void medianOfOddAndEvenSamples() {
    assertEquals(3.0, Stats.median(List.of(5.0, 1.0, 3.0)));
    assertEquals(2.5, Stats.median(List.of(4.0, 1.0, 3.0, 2.0)));
  }

  @Test
  void p95IsNearestRank() {
    List<Double> s = new java.util.ArrayList<>();
    for (int i = 1; i <= 20; i++) {
      s.add((double) i);
    }
    assertEquals(19.0, Stats.percentile(s, 95));
    assertEquals(20.0, Stats.percentile(s, 100));
  }
}
