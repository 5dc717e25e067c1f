package dev.backroom.hub.core.sync;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backroom.sync.wire.ChangeOp;
import dev.backroom.sync.wire.DesiredChange;
import dev.backroom.sync.wire.DesiredChanges;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The cloud's desired objects for this store as the hub last received them, and how one
 * downstream answer changes them. Pure: no I/O, no clock.
 */
public final class CloudState {
  private CloudState() {}

  /** A change the hub refused (bad spec, wrong kind); the previous object, if any, stays. */
  public record Rejection(CloudKey key, String reason) {}

  public record Outcome(Map<CloudKey, JsonNode> objects, List<Rejection> rejected) {}

  /**
   * Applies {@code answer} to {@code before}. A full answer replaces everything, except that an
   * object whose new spec is rejected keeps its previous spec: a bad upload in the cloud must not
   * delete what runs in the store.
   *
   * @param problem returns why an UPSERT cannot be applied, or empty when it can
   */
  public static Outcome apply(Map<CloudKey, JsonNode> before, DesiredChanges answer,
      Function<DesiredChange, Optional<String>> problem) {
    Map<CloudKey, JsonNode> after = answer.full() ? new TreeMap<>() : new TreeMap<>(before);
    List<Rejection> rejected = new ArrayList<>();
    for (DesiredChange c : answer.changes()) {
      if (c == null || c.kind() == null || c.name() == null || c.name().isBlank() || c.op() == null) {
        rejected.add(new Rejection(new CloudKey(c == null ? null : c.kind(),
            c == null || c.name() == null ? "?" : c.name()), "change lacks kind, name or op"));
        continue;
      }
      CloudKey key = new CloudKey(c.kind(), c.name());
      if (c.op() == ChangeOp.DELETE) {
        after.remove(key);
        continue;
      }
      Optional<String> why = c.spec() == null || !c.spec().isObject()
          ? Optional.of("spec must be a JSON object") : problem.apply(c);
      if (why.isPresent()) {
        rejected.add(new Rejection(key, why.get()));
        if (answer.full() && before.containsKey(key)) {
          after.put(key, before.get(key));
        }
      } else {
        after.put(key, c.spec());
      }
    }
    return new Outcome(after, rejected);
  }

  /** Whether an answer moves the hub: a newer revision, or a snapshot of another revision. */
  public static boolean changesAnything(DesiredChanges answer, long applied) {
    return answer.revision() > applied || answer.full() && answer.revision() != applied;
  }
}
