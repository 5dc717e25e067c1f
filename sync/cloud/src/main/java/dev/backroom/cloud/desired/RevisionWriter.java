package dev.backroom.cloud.desired;

import dev.backroom.cloud.config.CloudConfig;
import dev.backroom.jdbc.Jdbc;
import dev.backroom.sync.desired.DesiredObject;
import dev.backroom.sync.desired.EffectiveState;
import dev.backroom.sync.desired.ObjectKey;
import dev.backroom.sync.desired.RevisionDiff;
import dev.backroom.sync.selector.LabelSelector;
import dev.backroom.cloud.stores.StoreStore;
import dev.backroom.sync.wire.DesiredChange;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeSet;

/**
 * Recomputes stores' effective desired state and moves their revision, inside the caller's
 * transaction. Lock order, the same everywhere so two instances cannot deadlock: the fleet row
 * first ({@link #lockFleet}), then store rows by ascending id.
 *
 * <p>Because every effective-state change holds the fleet lock, a label change and an object put
 * can never each miss the other; and since change_seq only grows under that lock and commits in
 * lock order, an instance that reads change_seq N has already been able to see every bump up to N.
 */
@ApplicationScoped
public class RevisionWriter {
  @Inject
  @Named("cloud")
  Jdbc jdbc;

  @Inject DesiredStore desired;
  @Inject StoreStore stores;
  @Inject CloudConfig config;

  /** Takes the fleet lock; must be the first lock of the transaction. */
  public void lockFleet() {
    jdbc.queryOne("SELECT change_seq FROM fleet_lock WHERE id = 1 FOR UPDATE", rs -> rs.getLong(1))
        .orElseThrow(() -> new IllegalStateException("fleet_lock row is missing; migrations ran?"));
  }

  /** Ids of stores whose labels (with the implicit store.id) match {@code selector}. */
  public List<String> storesMatching(LabelSelector selector) {
    return jdbc.query("SELECT id, labels FROM stores ORDER BY id", rs -> {
      String id = rs.getString("id");
      Map<String, String> labels =
          LabelSelector.withImplicit(id, StoreStore.readLabels(rs.getString("labels")));
      return selector.matches(labels) ? id : null;
    }).stream().filter(id -> id != null).toList();
  }

  /**
   * Recomputes each store in {@code storeIds} (fleet lock held) and bumps the revision of those
   * whose effective state changed, one change row per changed object.
   *
   * @return the ids whose revision moved, ascending
   */
  public List<String> recompute(Collection<String> storeIds) {
    List<DesiredObject> objects = desired.all();
    List<String> bumped = new ArrayList<>();
    long seq = -1;
    for (String id : new TreeSet<>(storeIds)) {
      var store = stores.lock(id).orElse(null);
      if (store == null) {
        continue;
      }
      SortedMap<ObjectKey, DesiredObject> next =
          EffectiveState.compute(objects, id, ownLabels(store.labels()));
      List<DesiredChange> changes = RevisionDiff.compute(desired.effectiveHashes(id), next);
      if (changes.isEmpty()) {
        continue; // same effective specs: nothing written, revision stays
      }
      if (seq < 0) {
        seq = nextChangeSeq();
      }
      long revision = store.revision() + 1;
      desired.apply(id, revision, changes, next);
      long floor = Math.max(0, revision - config.changeLogRevisions());
      desired.pruneChanges(id, floor);
      jdbc.update("UPDATE stores SET revision = ?, change_seq = ?,"
          + " change_floor = CASE WHEN change_floor > ? THEN change_floor ELSE ? END WHERE id = ?",
          revision, seq, floor, floor, id);
      bumped.add(id);
    }
    return bumped;
  }

  private long nextChangeSeq() {
    jdbc.update("UPDATE fleet_lock SET change_seq = change_seq + 1 WHERE id = 1");
    return jdbc.queryOne("SELECT change_seq FROM fleet_lock WHERE id = 1", rs -> rs.getLong(1))
        .orElseThrow();
  }

  private static Map<String, String> ownLabels(Map<String, String> withImplicit) {
    var own = new java.util.TreeMap<>(withImplicit);
    own.remove(LabelSelector.STORE_ID);
    return own;
  }
}
