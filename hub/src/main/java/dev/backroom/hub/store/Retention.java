package dev.backroom.hub.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * How long, and how many, of a kept record the hub keeps (ECS client tokens, deleted services):
 * those younger than {@code maxAge}, at most the newest {@code maxCount}. The stores purge what
 * {@link #purged} names when they write, and read only what {@link #cut} lets through, so an
 * answer never depends on when the last purge ran. Pure.
 */
public record Retention(Duration maxAge, int maxCount) {
  /** A kept record: its key and when it was written. */
  public record Stamped(String key, Instant at) {}

  public Retention {
    if (maxAge.isNegative() || maxAge.isZero() || maxCount < 1) {
      throw new IllegalArgumentException("retention must keep something: " + maxAge + ", "
          + maxCount);
    }
  }

  /** The oldest instant still kept at {@code now}: a record written at the cut is kept. */
  public Instant cut(Instant now) {
    return now.minus(maxAge);
  }

  /**
   * The keys to purge at {@code now}: older than the cut, or beyond the newest
   * {@code maxCount} (ties of time broken by key, so the answer does not depend on the order
   * given).
   */
  public List<String> purged(List<Stamped> records, Instant now) {
    Instant cut = cut(now);
    List<Stamped> newestFirst = records.stream().sorted(Comparator.comparing(Stamped::at)
        .reversed().thenComparing(Stamped::key)).toList();
    return IntStream.range(0, newestFirst.size())
        .filter(i -> i >= maxCount || newestFirst.get(i).at().isBefore(cut))
        .mapToObj(i -> newestFirst.get(i).key()).toList();
  }
}
