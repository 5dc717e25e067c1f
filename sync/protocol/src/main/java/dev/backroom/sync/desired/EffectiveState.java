package dev.backroom.sync.desired;

import dev.backroom.sync.selector.LabelSelector;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** Which desired objects a store gets. Pure: same objects and labels, same answer. */
public final class EffectiveState {
  /**
   * Decides between two objects of the same kind and name that both match a store: the one with
   * {@code store.id} in its selector, then the one updated last, then (only to stay deterministic
   * on equal timestamps) the greater canonical selector, then the greater spec hash.
   */
  static final Comparator<DesiredObject> PRECEDENCE = Comparator
      .comparing((DesiredObject o) -> o.selector().isStoreSpecific())
      .thenComparing(DesiredObject::updatedAt)
      .thenComparing(o -> o.selector().toString())
      .thenComparing(DesiredObject::specHash);

  private EffectiveState() {}

  /**
   * The store's effective state: for each (kind, name), the winning matching object.
   *
   * @param labels the store's own labels; the implicit {@code store.id} is added here
   */
  public static SortedMap<ObjectKey, DesiredObject> compute(
      Collection<DesiredObject> objects, String storeId, Map<String, String> labels) {
    Map<String, String> all = LabelSelector.withImplicit(storeId, labels);
    TreeMap<ObjectKey, DesiredObject> out = new TreeMap<>();
    for (DesiredObject o : objects) {
      if (o.selector().matches(all)) {
        out.merge(o.key(), o, (a, b) -> PRECEDENCE.compare(a, b) >= 0 ? a : b);
      }
    }
    return Collections.unmodifiableSortedMap(out);
  }
}
