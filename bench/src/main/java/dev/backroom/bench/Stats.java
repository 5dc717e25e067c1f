package dev.backroom.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Median and percentiles of a sample, nearest-rank. */
public final class Stats {
  private Stats() {}

  public static double percentile(List<Double> samples, double p) {
    if (samples.isEmpty()) {
      throw new IllegalArgumentException("no samples");
    }
    List<Double> sorted = new ArrayList<>(samples);
    Collections.sort(sorted);
    int rank = (int) Math.ceil(p / 100.0 * sorted.size());
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
  }

  public static double median(List<Double> samples) {
    List<Double> sorted = new ArrayList<>(samples);
    Collections.sort(sorted);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  public static double round(double v) {
    return Math.round(v * 10.0) / 10.0;
  }
}
