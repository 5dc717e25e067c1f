package dev.backroom.sync.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class OutboxPolicyTest {
  private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
  private static final StreamPolicy.Table POLICIES = new StreamPolicy.Table(Map.of(
      "alarm", new StreamPolicy(10, Duration.ofDays(30)),
      "debug", new StreamPolicy(-5, Duration.ofHours(1))), StreamPolicy.DEFAULT);

  /** Entry {@code id} of {@code stream}, {@code minutesAgo} old, {@code bytes} long. */
  private static OutboxEntry e(long id, String stream, long minutesAgo, long bytes) {
    return new OutboxEntry(id, stream, NOW.minusSeconds(60 * minutesAgo), bytes);
  }

  private static OutboxEntry offered(String stream, long bytes) {
    return new OutboxEntry(0, stream, NOW, bytes);
  }

  record Case(String name, List<OutboxEntry> stored, OutboxEntry offered, long max,
      boolean admitted, List<String> evictions) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("room to spare", List.of(e(1, "temp", 5, 10)), offered("temp", 10), 100, true,
            List.of()),
        new Case("exactly full is fine", List.of(e(1, "temp", 5, 50)), offered("temp", 50), 100,
            true, List.of()),
        new Case("expired go even with room", List.of(e(1, "debug", 61, 10), e(2, "temp", 1, 10)),
            offered("temp", 10), 100, true, List.of("1 ttl")),
        new Case("ttl boundary is expired", List.of(e(1, "debug", 60, 10)), offered("temp", 10), 100,
            true, List.of("1 ttl")),
        new Case("expired first, then oldest of the lowest priority",
            List.of(e(1, "temp", 30, 40), e(2, "debug", 90, 10), e(3, "temp", 20, 40),
                e(4, "alarm", 100, 40)),
            offered("temp", 40), 100, true, List.of("2 ttl", "1 overflow", "3 overflow")),
        new Case("lowest priority goes before older higher priority",
            List.of(e(1, "alarm", 100, 50), e(2, "debug", 1, 50)), offered("temp", 50), 100, true,
            List.of("2 overflow")),
        new Case("offered of lowest priority is refused, nothing evicted for it",
            List.of(e(1, "alarm", 100, 50), e(2, "temp", 1, 50)), offered("debug", 10), 100, false,
            List.of()),
        new Case("same priority: the offered one is newest, so older ones go first",
            List.of(e(1, "temp", 10, 50), e(2, "temp", 5, 50)), offered("temp", 30), 100, true,
            List.of("1 overflow")),
        new Case("several small ones make room for a big one",
            List.of(e(1, "temp", 3, 20), e(2, "temp", 2, 20), e(3, "temp", 1, 20)),
            offered("alarm", 75), 100, true, List.of("1 overflow", "2 overflow")),
        new Case("larger than the whole outbox is refused", List.of(e(1, "temp", 1, 10)),
            offered("alarm", 101), 100, false, List.of()),
        new Case("refused, but a lowered bound still trims",
            List.of(e(1, "alarm", 1, 80), e(2, "temp", 1, 80)), offered("debug", 1), 100, false,
            List.of("2 overflow")),
        new Case("ties on time broken by id", List.of(e(7, "temp", 1, 50), e(3, "temp", 1, 50)),
            offered("temp", 50), 100, true, List.of("3 overflow")));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void admission_dropsExpiredThenLowestPriorityOldestFirst(Case c) {
    Admission a = OutboxPolicy.computeAdmission(c.stored(), c.offered(), c.max(), NOW, POLICIES);
    assertEquals(c.admitted(), a.admitted());
    assertEquals(c.evictions(), a.evictions().stream()
        .map(v -> v.entry().id() + " " + v.reason().tag()).toList());
  }

  static Stream<Long> seeds() {
    return new Random(2026L).longs(80).boxed();
  }

  /**
   * Verifies the bound and the order whatever the outbox holds: never over the bound, nothing
   * expired kept, no kept message ranks below an evicted one, and no eviction that was not needed.
   */
  @ParameterizedTest
  @MethodSource("seeds")
  void outbox_staysWithinBound_keepsTheBestRanked_andEvictsNoMoreThanNeeded(long seed) {
    Random r = new Random(seed);
    String[] streams = {"temp", "alarm", "debug", "cam"};
    long max = 100 + r.nextInt(1000);
    List<OutboxEntry> stored = new ArrayList<>();
    long total = 0;
    for (long id = 1; total < max; id++) {
      OutboxEntry x = e(id, streams[r.nextInt(streams.length)], r.nextInt(200), 1 + r.nextInt(60));
      if (total + x.bytes() > max) {
        break;
      }
      stored.add(x);
      total += x.bytes();
    }
    OutboxEntry offered = offered(streams[r.nextInt(streams.length)], 1 + r.nextInt(200));
    Admission a = OutboxPolicy.computeAdmission(stored, offered, max, NOW, POLICIES);

    Set<OutboxEntry> evicted = new HashSet<>();
    a.evictions().forEach(v -> evicted.add(v.entry()));
    List<OutboxEntry> kept = new ArrayList<>(stored.stream().filter(x -> !evicted.contains(x)).toList());
    if (a.admitted()) {
      kept.add(offered);
    }
    assertTrue(kept.stream().mapToLong(OutboxEntry::bytes).sum() <= max);
    for (OutboxEntry k : kept) {
      Duration ttl = POLICIES.of(k.stream()).ttl();
      assertTrue(k.ingestedAt().plus(ttl).isAfter(NOW), "kept an expired message " + k);
    }
    for (Eviction v : a.evictions()) {
      Duration ttl = POLICIES.of(v.entry().stream()).ttl();
      boolean expired = !v.entry().ingestedAt().plus(ttl).isAfter(NOW);
      assertEquals(expired ? DropReason.TTL : DropReason.OVERFLOW, v.reason());
      if (v.reason() == DropReason.OVERFLOW) {
        int p = POLICIES.of(v.entry().stream()).priority();
        for (OutboxEntry k : kept) {
          int kp = POLICIES.of(k.stream()).priority();
          assertTrue(kp > p || kp == p && !k.ingestedAt().isBefore(v.entry().ingestedAt()),
              "kept " + k + " over better-ranked " + v.entry());
        }
      }
    }
    List<Eviction> overflow = a.evictions().stream()
        .filter(v -> v.reason() == DropReason.OVERFLOW).toList();
    if (!overflow.isEmpty()) {
      long withLastBack = kept.stream().mapToLong(OutboxEntry::bytes).sum()
          + overflow.get(overflow.size() - 1).entry().bytes();
      assertTrue(withLastBack > max, "evicted more than needed");
    }
  }

  record DropCase(String name, List<Eviction> evictions, List<String> expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<DropCase> drops() {
    return Stream.of(
        new DropCase("none", List.of(), List.of()),
        new DropCase("summed per stream and reason, sorted", List.of(
            new Eviction(e(1, "temp", 1, 1), DropReason.OVERFLOW),
            new Eviction(e(2, "cam", 1, 1), DropReason.TTL),
            new Eviction(e(3, "temp", 1, 1), DropReason.TTL),
            new Eviction(e(4, "temp", 1, 1), DropReason.OVERFLOW)),
            List.of("cam ttl 1", "temp overflow 2", "temp ttl 1")));
  }

  @ParameterizedTest
  @MethodSource("drops")
  void dropCounts_sumPerStreamAndReason(DropCase c) {
    assertEquals(c.expected(), DropCounts.of(c.evictions()).stream()
        .map(d -> d.stream() + " " + d.reason() + " " + d.count()).toList());
  }
}
