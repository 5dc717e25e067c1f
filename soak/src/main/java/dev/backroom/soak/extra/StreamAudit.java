package dev.backroom.soak.extra;

import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The telemetry invariant of one stream, judged from what the publisher knows and what the cloud
 * holds: every message the hub acknowledged (QoS 1 PUBACK) is in the cloud exactly once and in
 * order, or is covered by a drop the hub counted with a reason (outbox bound: {@code overflow},
 * age: {@code ttl}). Pure: the caller gathers the inputs ({@link TelemetryLedger#check}).
 *
 * <p>A message published but never acknowledged (the connection broke, the hub was killed or
 * frozen) is "unconfirmed": it may be in the cloud once or not at all, both allowed by QoS 1; it
 * is never expected. Drops are counted per stream, not per message, so lost is what is missing
 * beyond the drop count: {@code max(0, missing acknowledged - dropped)}.
 */
public final class StreamAudit {
  private StreamAudit() {}

  /** One message as the cloud returned it: the hub's seq and the payload's own number n. */
  public record Stored(long seq, long n) {}

  /**
   * @param acknowledged messages the hub PUBACKed
   * @param unconfirmed published, no PUBACK (allowed in the cloud at most once, or absent)
   * @param delivered acknowledged messages present in the cloud (once or more)
   * @param deliveredUnconfirmed unconfirmed messages present in the cloud
   * @param dropped drops the hub accounted for, by reason (the larger of the hub's and the
   *     cloud's figure per reason: the cloud learns them with the next upload)
   * @param missing acknowledged messages absent from the cloud
   * @param lost missing beyond the drops: the invariant wants 0
   * @param duplicated extra copies of any message (a copy beyond the first)
   * @param outOfOrder acknowledged messages stored after a later acknowledged one of the stream
   * @param seqOutOfOrder messages whose hub seq does not grow over the previous one
   * @param foreign messages whose n was never published (another writer on the stream)
   * @param dropsNotInCloud drops the hub counts that the cloud has not learned of (yet)
   */
  public record Counts(String stream, long acknowledged, long unconfirmed, long delivered,
      long deliveredUnconfirmed, Map<String, Long> dropped, long missing, long lost,
      long duplicated, long outOfOrder, long seqOutOfOrder, long foreign, long dropsNotInCloud) {
    public long droppedTotal() {
      return dropped.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Exactly once and in order, or accounted for by a drop. */
    public boolean holds() {
      return lost == 0 && duplicated == 0 && outOfOrder == 0 && seqOutOfOrder == 0 && foreign == 0;
    }
  }

  /**
   * @param acked the n (1-based) the hub acknowledged
   * @param published the highest n published (1..published were all sent once)
   * @param stored the cloud's messages of the stream in the cloud's order
   * @param hubDrops the hub's drop totals by reason (empty when the hub is down)
   * @param cloudDrops the drop totals the cloud learned from the hub's batches
   */
  public static Counts audit(String stream, BitSet acked, long published, List<Stored> stored,
      Map<String, Long> hubDrops, Map<String, Long> cloudDrops) {
    BitSet seen = new BitSet();
    long duplicated = 0;
    long outOfOrder = 0;
    long seqOutOfOrder = 0;
    long foreign = 0;
    long lastSeq = Long.MIN_VALUE;
    long highestAcked = 0;
    for (Stored m : stored) {
      if (m.seq() <= lastSeq) {
        seqOutOfOrder++;
      }
      lastSeq = Math.max(lastSeq, m.seq());
      if (m.n() < 1 || m.n() > published || m.n() > Integer.MAX_VALUE) {
        foreign++;
        continue;
      }
      int n = (int) m.n();
      if (seen.get(n)) {
        duplicated++;
        continue;
      }
      seen.set(n);
      if (acked.get(n)) {
        if (n < highestAcked) {
          outOfOrder++;
        }
        highestAcked = Math.max(highestAcked, n);
      }
    }
    long acknowledged = acked.cardinality();
    BitSet ackedSeen = (BitSet) acked.clone();
    ackedSeen.and(seen);
    long delivered = ackedSeen.cardinality();
    long deliveredUnconfirmed = seen.cardinality() - delivered;
    Map<String, Long> dropped = new TreeMap<>(cloudDrops);
    hubDrops.forEach((reason, count) -> dropped.merge(reason, count, Math::max));
    long droppedTotal = dropped.values().stream().mapToLong(Long::longValue).sum();
    long missing = acknowledged - delivered;
    long notInCloud = hubDrops.entrySet().stream()
        .mapToLong(e -> Math.max(0, e.getValue() - cloudDrops.getOrDefault(e.getKey(), 0L))).sum();
    return new Counts(stream, acknowledged, published - acknowledged, delivered,
        deliveredUnconfirmed, dropped, missing, Math.max(0, missing - droppedTotal), duplicated,
        outOfOrder, seqOutOfOrder, foreign, notInCloud);
  }
}
