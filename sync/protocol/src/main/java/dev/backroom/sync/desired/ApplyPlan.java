package dev.backroom.sync.desired;

import dev.backroom.sync.wire.ChangeOp;
import dev.backroom.sync.wire.DesiredChange;
import dev.backroom.sync.wire.DesiredChanges;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the hub does with one downstream answer, computed before touching anything so the whole
 * answer can be applied in one transaction. Buckets are ordered by key.
 *
 * @param upserts objects to write as {@code origin=cloud}; includes a local object the cloud now
 *     claims, because the cloud wins for what it sends
 * @param deletes cloud-owned objects to remove
 * @param unchanged cloud-owned objects whose spec equals what the hub has: nothing to do, so the
 *     devices see no change
 * @param ignored deletes of objects the cloud does not own on this hub, left alone
 */
public record ApplyPlan(List<DesiredChange> upserts, List<ObjectKey> deletes,
    List<ObjectKey> unchanged, List<ObjectKey> ignored) {
  public ApplyPlan {
    upserts = List.copyOf(upserts);
    deletes = List.copyOf(deletes);
    unchanged = List.copyOf(unchanged);
    ignored = List.copyOf(ignored);
  }

  /** What the hub holds of an object: its spec hash ({@link SpecDigest}) and its owner. */
  public record Held(String specHash, Origin origin) {}

  public boolean isEmpty() {
    return upserts.isEmpty() && deletes.isEmpty();
  }

  /**
   * @param held every task definition and service the hub has, by key
   * @param answer the cloud's answer; when {@code full}, cloud-owned objects absent from it go
   */
  public static ApplyPlan compute(Map<ObjectKey, Held> held, DesiredChanges answer) {
    TreeMap<ObjectKey, DesiredChange> upserts = new TreeMap<>();
    TreeMap<ObjectKey, Boolean> deletes = new TreeMap<>();
    TreeMap<ObjectKey, Boolean> unchanged = new TreeMap<>();
    TreeMap<ObjectKey, Boolean> ignored = new TreeMap<>();
    Set<ObjectKey> mentioned = new HashSet<>();
    for (DesiredChange c : answer.changes()) {
      ObjectKey k = new ObjectKey(c.kind(), c.name());
      mentioned.add(k);
      Held h = held.get(k);
      boolean cloudOwned = h != null && h.origin() == Origin.CLOUD;
      upserts.remove(k);
      deletes.remove(k);
      unchanged.remove(k);
      ignored.remove(k);
      if (c.op() == ChangeOp.UPSERT) {
        if (cloudOwned && h.specHash().equals(SpecDigest.of(c.spec()))) {
          unchanged.put(k, true);
        } else {
          upserts.put(k, c);
        }
      } else if (cloudOwned) {
        deletes.put(k, true);
      } else {
        ignored.put(k, true);
      }
    }
    if (answer.full()) {
      held.forEach((k, h) -> {
        if (h.origin() == Origin.CLOUD && !mentioned.contains(k)) {
          deletes.put(k, true);
        }
      });
    }
    return new ApplyPlan(new ArrayList<>(upserts.values()), List.copyOf(deletes.keySet()),
        List.copyOf(unchanged.keySet()), List.copyOf(ignored.keySet()));
  }
}
