package dev.backroom.cloud.desired;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backroom.jdbc.Jdbc;
import dev.backroom.sync.desired.DesiredObject;
import dev.backroom.sync.selector.LabelSelector;
import dev.backroom.sync.wire.DesiredKind;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Every change to effective desired state, each one transaction: fleet lock, the write, then
 * recomputation of the stores it can touch. Local long-polls are woken right after commit;
 * other instances find the bump through their {@link RevisionWatcher}.
 */
@ApplicationScoped
public class DesiredService {
  @Inject
  @Named("cloud")
  Jdbc jdbc;

  @Inject DesiredStore desired;
  @Inject RevisionWriter writer;
  @Inject RevisionWatcher watcher;
  @Inject Clock clock;

  /** What a put or delete did; {@code affectedStores} are the stores whose revision moved. */
  public record Outcome(DesiredKind kind, String name, String selector, String specHash,
      List<String> affectedStores) {}

  /** Puts the object; an existing object's forced-redeploy count is kept. */
  public Outcome put(DesiredKind kind, String name, LabelSelector selector, JsonNode spec) {
    return put(kind, name, selector, spec, false);
  }

  /**
   * Puts the object; with {@code forceRedeploy} its forced-redeploy count goes up by one, which
   * changes the object even when the spec is the same, so its stores get a change and their hubs
   * replace the service's tasks (ECS UpdateService's {@code forceNewDeployment}).
   */
  public Outcome put(DesiredKind kind, String name, LabelSelector selector, JsonNode spec,
      boolean forceRedeploy) {
    DesiredObject[] put = new DesiredObject[1];
    List<String> bumped = jdbc.inTransaction(() -> {
      writer.lockFleet();
      int redeploys = desired.redeploys(kind, name, selector).orElse(0)
          + (forceRedeploy ? 1 : 0);
      put[0] = DesiredObject.of(kind, name, selector, spec, clock.instant(), redeploys);
      desired.put(put[0]);
      return writer.recompute(writer.storesMatching(selector));
    });
    watcher.wakeLocal(bumped);
    return new Outcome(kind, name, selector.toString(), put[0].specHash(), bumped);
  }

  /**
   * Puts several objects in one transaction under the fleet lock: first {@code inside} (a check
   * or a write that must commit, or not, with them, e.g. an idempotency token), then the objects,
   * then one recomputation of {@code storeIds} (the stores the objects' selectors match, which
   * the caller knows). {@code inside} may return a value that stops the write (an earlier
   * answer for the same token): then nothing is put.
   *
   * @return what {@code inside} returned, or null when the objects were put
   */
  public <T> T putAll(List<DesiredObject> objects, Collection<String> storeIds,
      java.util.function.Supplier<T> inside) {
    List<String> bumped = new java.util.ArrayList<>();
    T stopped = jdbc.inTransaction(() -> {
      writer.lockFleet();
      T earlier = inside.get();
      if (earlier != null) {
        return earlier;
      }
      objects.forEach(desired::put);
      bumped.addAll(writer.recompute(storeIds));
      return null;
    });
    watcher.wakeLocal(bumped);
    return stopped;
  }

  /** Empty when no such object exists. */
  public Optional<Outcome> delete(DesiredKind kind, String name, LabelSelector selector) {
    Optional<List<String>> bumped = jdbc.inTransaction(() -> {
      writer.lockFleet();
      if (!desired.delete(kind, name, selector)) {
        return Optional.empty();
      }
      return Optional.of(writer.recompute(writer.storesMatching(selector)));
    });
    bumped.ifPresent(watcher::wakeLocal);
    return bumped.map(b -> new Outcome(kind, name, selector.toString(), null, b));
  }

  /**
   * Runs {@code change} (a label change, a new store) under the fleet lock, then recomputes
   * {@code storeIds}; for callers outside this package that alter what stores match.
   */
  public List<String> changeStores(Runnable change, Collection<String> storeIds) {
    List<String> bumped = jdbc.inTransaction(() -> {
      writer.lockFleet();
      change.run();
      return writer.recompute(storeIds);
    });
    watcher.wakeLocal(bumped);
    return bumped;
  }
}
