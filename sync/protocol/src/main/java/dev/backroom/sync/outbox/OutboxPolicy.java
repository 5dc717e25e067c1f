package dev.backroom.sync.outbox;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * Which telemetry to give up when the outbox is bounded: expired messages first, then the lowest
 * priority, oldest first. Pure; the hub applies the answer together with the insert.
 */
public final class OutboxPolicy {
  private OutboxPolicy() {}

  /** Messages whose stream ttl has run out at {@code now} ({@code ingestedAt + ttl <= now}), oldest first. */
  public static List<Eviction> computeExpired(Collection<OutboxEntry> entries, Instant now,
      StreamPolicy.Table policies) {
    return entries.stream()
        .filter(e -> expired(e, now, policies))
        .sorted(Comparator.comparing(OutboxEntry::ingestedAt).thenComparingLong(OutboxEntry::id))
        .map(e -> new Eviction(e, DropReason.TTL))
        .toList();
  }

  /**
   * What to do to store {@code offered} (not yet in {@code stored}) under {@code maxBytes}.
   *
   * <p>The offered message competes like any other: it is the newest of its priority, so it is
   * refused rather than pushing out messages of a higher priority, and a message larger than the
   * whole outbox is refused outright. When it is refused, stored messages are only trimmed to the
   * bound (which matters only when the bound was lowered), never evicted on its behalf.
   */
  public static Admission computeAdmission(Collection<OutboxEntry> stored, OutboxEntry offered,
      long maxBytes, Instant now, StreamPolicy.Table policies) {
    List<Eviction> out = new ArrayList<>(computeExpired(stored, now, policies));
    List<OutboxEntry> live = stored.stream().filter(e -> !expired(e, now, policies)).toList();
    List<OutboxEntry> withOffered = new ArrayList<>(live);
    withOffered.add(offered);
    List<OutboxEntry> overflow = trim(withOffered, maxBytes, rank(policies, offered));
    boolean admitted = offered.bytes() <= maxBytes && overflow.stream().noneMatch(e -> e == offered);
    if (!admitted) {
      overflow = trim(live, maxBytes, rank(policies));
    }
    overflow.forEach(e -> out.add(new Eviction(e, DropReason.OVERFLOW)));
    return new Admission(admitted, out);
  }

  /** Evictions that bring {@code stored} within {@code maxBytes} (after a bound was lowered). */
  public static List<Eviction> computeTrim(Collection<OutboxEntry> stored, long maxBytes,
      Instant now, StreamPolicy.Table policies) {
    List<Eviction> out = new ArrayList<>(computeExpired(stored, now, policies));
    List<OutboxEntry> live = stored.stream().filter(e -> !expired(e, now, policies)).toList();
    trim(live, maxBytes, rank(policies))
        .forEach(e -> out.add(new Eviction(e, DropReason.OVERFLOW)));
    return out;
  }

  private static List<OutboxEntry> trim(List<OutboxEntry> entries, long maxBytes,
      Comparator<OutboxEntry> rank) {
    long total = entries.stream().mapToLong(OutboxEntry::bytes).sum();
    List<OutboxEntry> ordered = new ArrayList<>(entries);
    ordered.sort(rank);
    List<OutboxEntry> out = new ArrayList<>();
    for (OutboxEntry e : ordered) {
      if (total <= maxBytes) {
        break;
      }
      out.add(e);
      total -= e.bytes();
    }
    return out;
  }

  private static Comparator<OutboxEntry> rank(StreamPolicy.Table policies) {
    return rank(policies, null);
  }

  /** The offered message has no id yet; it ranks after every stored one of its priority. */
  private static Comparator<OutboxEntry> rank(StreamPolicy.Table policies, OutboxEntry newest) {
    return Comparator.comparingInt((OutboxEntry e) -> policies.of(e.stream()).priority())
        .thenComparing(e -> e == newest)
        .thenComparing(OutboxEntry::ingestedAt)
        .thenComparingLong(OutboxEntry::id);
  }

  private static boolean expired(OutboxEntry e, Instant now, StreamPolicy.Table policies) {
    return !e.ingestedAt().plus(policies.of(e.stream()).ttl()).isAfter(now);
  }
}
