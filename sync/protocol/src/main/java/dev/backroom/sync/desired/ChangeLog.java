package dev.backroom.sync.desired;

import dev.backroom.sync.wire.ChangeOp;
import dev.backroom.sync.wire.DesiredChange;
import dev.backroom.sync.wire.DesiredChanges;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Builds the downstream answer from a store's change log. Pure. */
public final class ChangeLog {
  private ChangeLog() {}

  /**
   * Whether the hub must get a full snapshot: it has nothing ({@code since = 0}), the log no
   * longer reaches back to {@code since}, or the hub claims a revision the cloud never had (a
   * restored cloud database), where only a snapshot is safe.
   *
   * @param horizon the highest revision whose successors are all still in the log (0 when the
   *     log was never trimmed)
   */
  public static boolean needsFull(long since, long current, long horizon) {
    return since <= 0 || since < horizon || since > current;
  }

  /**
   * The rows after {@code since}, collapsed to the last op per (kind, name) and ordered by the
   * revision of that op, then by key. Rows at or before {@code since} are ignored, so a caller may
   * pass more than it needs.
   */
  public static List<DesiredChange> collapse(Collection<ChangeRow> rows, long since) {
    Map<ObjectKey, ChangeRow> last = new HashMap<>();
    for (ChangeRow r : rows) {
      if (r.revision() > since) {
        last.merge(r.key(), r, (a, b) -> b.revision() >= a.revision() ? b : a);
      }
    }
    return last.values().stream()
        .sorted(Comparator.comparingLong(ChangeRow::revision).thenComparing(ChangeRow::key))
        .map(ChangeRow::change)
        .toList();
  }

  /** The full answer: every object of the effective state as an UPSERT, ordered by key. */
  public static DesiredChanges snapshot(String storeId, long revision,
      Map<ObjectKey, DesiredObject> effective) {
    List<DesiredChange> changes = effective.values().stream()
        .sorted(Comparator.comparing(DesiredObject::key))
        .map(o -> new DesiredChange(o.kind(), o.name(), ChangeOp.UPSERT, o.spec(),
            o.wireRedeploys()))
        .toList();
    return new DesiredChanges(storeId, revision, true, changes);
  }

  /** The incremental answer for a hub at {@code since}. */
  public static DesiredChanges incremental(String storeId, long since, long revision,
      Collection<ChangeRow> rows) {
    return new DesiredChanges(storeId, Math.max(since, revision), false, collapse(rows, since));
  }
}
