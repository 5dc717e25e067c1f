package dev.backroom.sync.desired;

import dev.backroom.sync.wire.ChangeOp;
import dev.backroom.sync.wire.DesiredChange;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What changed in a store's effective state. An empty result means the revision must not move:
 * an object whose effective spec hash is unchanged writes nothing and bumps nothing.
 */
public final class RevisionDiff {
  private RevisionDiff() {}

  /**
   * The change rows to write, one per changed object, ordered by kind then name.
   *
   * @param previous spec hash per object of the state last computed for the store
   * @param next the state just computed by {@link EffectiveState#compute}
   */
  public static List<DesiredChange> compute(Map<ObjectKey, String> previous,
      Map<ObjectKey, DesiredObject> next) {
    TreeSet<ObjectKey> keys = new TreeSet<>(previous.keySet());
    keys.addAll(next.keySet());
    List<DesiredChange> out = new ArrayList<>();
    for (ObjectKey k : keys) {
      DesiredObject now = next.get(k);
      if (now == null) {
        out.add(new DesiredChange(k.kind(), k.name(), ChangeOp.DELETE, null));
      } else if (!now.specHash().equals(previous.get(k))) {
        out.add(new DesiredChange(k.kind(), k.name(), ChangeOp.UPSERT, now.spec(),
            now.wireRedeploys()));
      }
    }
    return out;
  }
}
