package dev.backroom.sync.outbox;

import dev.backroom.sync.wire.DropCount;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Sums drops per (stream, reason) for the {@code dropped} field of the next telemetry batch. */
public final class DropCounts {
  private DropCounts() {}

  /** Drop counts of {@code evictions}, ordered by stream then reason. */
  public static List<DropCount> of(Collection<Eviction> evictions) {
    return merge(evictions.stream()
        .map(e -> new DropCount(e.entry().stream(), e.reason().tag(), 1))
        .toList());
  }

  /** {@code counts} with equal (stream, reason) added up, ordered by stream then reason, no zeros. */
  public static List<DropCount> merge(Collection<DropCount> counts) {
    Map<String, Map<String, Long>> sums = new TreeMap<>();
    for (DropCount c : counts) {
      sums.computeIfAbsent(c.stream(), s -> new TreeMap<>()).merge(c.reason(), c.count(), Long::sum);
    }
    return sums.entrySet().stream()
        .flatMap(s -> s.getValue().entrySet().stream()
            .filter(r -> r.getValue() > 0)
            .map(r -> new DropCount(s.getKey(), r.getKey(), r.getValue())))
        .toList();
  }
}
