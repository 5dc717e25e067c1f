package dev.backroom.hub.telemetry;

import dev.backroom.sync.outbox.Eviction;
import dev.backroom.sync.outbox.OutboxEntry;
import dev.backroom.sync.outbox.OutboxPolicy;
import dev.backroom.sync.outbox.StreamPolicy;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies {@link OutboxPolicy} to the outbox in H2, inside the writer's transaction. The policy is
 * pure and wants entries in memory; the outbox may hold a million rows, so rows are read in
 * chunks in the policy's own order and each chunk is judged by it. The ledger is only read here;
 * the writer applies the evictions to it after the commit.
 */
final class OutboxEviction {
  private static final int CHUNK = 4096;

  private final StreamPolicy.Table policies;
  private final long maxBytes;
  private final OutboxLedger ledger;

  OutboxEviction(StreamPolicy.Table policies, long maxBytes, OutboxLedger ledger) {
    this.policies = policies;
    this.maxBytes = maxBytes;
    this.ledger = ledger;
  }

  /**
   * Expired rows first, then lowest priority oldest first, until {@code used} fits. Rows are read
   * in chunks in the policy's order (see {@link OutboxCandidates}: priority and expiry follow the
   * config, see {@link OutboxStore#refreshPolicies}, and ts ascends with id), and each chunk is
   * judged by {@link OutboxPolicy}. Drop counters are written in the same transaction.
   */
  List<Eviction> evict(Connection c, Instant now, long used) throws SQLException {
    List<Eviction> all = new ArrayList<>(evictExpired(c, now));
    for (Eviction e : all) {
      used -= e.entry().bytes();
    }
    while (used > maxBytes) {
      List<OutboxEntry> chunk = OutboxCandidates.evictionCandidates(c, policies, CHUNK,
          ledger.cutThrough());
      long chunkBytes = chunk.stream().mapToLong(OutboxEntry::bytes).sum();
      List<Eviction> evs = OutboxPolicy.computeTrim(chunk, chunkBytes - (used - maxBytes), now,
          policies);
      if (evs.isEmpty()) {
        break;
      }
      OutboxStore.delete(c, evs.stream().map(e -> e.entry().id()).toList());
      for (Eviction e : evs) {
        used -= e.entry().bytes();
      }
      all.addAll(evs);
    }
    saveDrops(c, all);
    return all;
  }

  List<Eviction> evictExpired(Connection c, Instant now) throws SQLException {
    List<Eviction> out = new ArrayList<>();
    while (true) {
      List<OutboxEntry> chunk = OutboxCandidates.expired(c, now.toEpochMilli(), CHUNK,
          ledger.cutThrough());
      List<Eviction> evs = OutboxPolicy.computeExpired(chunk, now, policies);
      if (evs.isEmpty()) {
        return out;
      }
      OutboxStore.delete(c, evs.stream().map(e -> e.entry().id()).toList());
      out.addAll(evs);
      if (chunk.size() < CHUNK) {
        return out;
      }
    }
  }

  void saveDrops(Connection c, List<Eviction> evicted) throws SQLException {
    if (evicted.isEmpty()) {
      return;
    }
    Map<String, OutboxLedger.Unreported> totals = new HashMap<>();
    for (Eviction e : evicted) {
      String stream = e.entry().stream();
      String reason = e.reason().tag();
      totals.compute(stream + '\n' + reason, (k, u) -> {
        OutboxLedger.Stream s = ledger.stream(stream);
        return u == null
            ? new OutboxLedger.Unreported(stream, reason, s.dropped(reason) + 1, s.reported(reason))
            : new OutboxLedger.Unreported(stream, reason, u.dropped() + 1, u.reported());
      });
    }
    OutboxStore.saveDrops(c, totals.values());
  }
}
