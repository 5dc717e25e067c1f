package dev.backroom.agent.reconcile;

import dev.backroom.agent.model.ContainerKey;
import dev.backroom.agent.model.DesiredState;
import dev.backroom.agent.model.ObservedContainer;
import dev.backroom.agent.model.StopRank;
import dev.backroom.mqtt.message.AssignedTask;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * ECS shuts a task down in reverse dependency order: dependents first, so a database outlives
 * the application that writes to it. The runtime stops containers in the background, several at
 * once, and returns at once (a stop lasts up to the container's stop timeout), so ordering the
 * buckets alone would signal them all together. A task therefore goes down in waves: a stop or
 * removal of a live container is emitted only once no live container of the same task with a
 * higher {@link StopRank} is shutting down (in this pass's stops or removals, or shown as
 * stopping or removing by the runtime). The others are left out of this pass and come back in a
 * later one, brought by the engine's die and destroy events or the tick, once the higher-ranked
 * containers are gone. A container that is not live (exited, created, dead) is never held back,
 * and a container that stays (kept running) holds nothing back, so a task still assigned can
 * always replace one of its containers.
 *
 * <p>The rank is the container's dependency depth in its task's current definition; where the
 * definition does not tell (the task left the assignment, or the name is no longer in it), the
 * rank recorded in the container's label at create time, 0 for a container created before the
 * agent recorded it, which then holds nothing back. Within a task and rank, the one started
 * last goes first, the reverse of the order the dependency gate started them in. Tasks keep
 * their order of first appearance, and ties keep the input order.
 */
public final class ShutdownOrder {
  private final Map<String, Map<String, Integer>> depthsByTask = new HashMap<>();
  /** Per task: the highest rank among its live containers that are shutting down. */
  private final Map<String, Integer> highestLeaving = new HashMap<>();

  private ShutdownOrder(DesiredState desired) {
    for (AssignedTask t : desired.tasks()) {
      depthsByTask.put(t.taskId(), StopRank.depths(t.taskDefinition()));
    }
  }

  /**
   * @param desired the assignment, for the ranks of tasks still in it
   * @param observed every container of this device
   * @param leaving the containers this pass would stop or remove, before any is held back
   */
  public static ShutdownOrder of(DesiredState desired, List<ObservedContainer> observed,
      Collection<ObservedContainer> leaving) {
    ShutdownOrder order = new ShutdownOrder(desired);
    Set<String> leavingIds = new HashSet<>();
    leaving.forEach(o -> leavingIds.add(o.id()));
    for (ObservedContainer o : observed) {
      boolean shuttingDown = leavingIds.contains(o.id())
          || ObservedContainer.STOPPING.equals(o.state())
          || ObservedContainer.REMOVING.equals(o.state());
      if (o.key() != null && o.isAlive() && shuttingDown) {
        order.highestLeaving.merge(o.key().taskId(), order.rank(o), Math::max);
      }
    }
    return order;
  }

  /** The container's rank: by its task's definition, else by its label. */
  public int rank(ObservedContainer o) {
    if (o.key() == null) {
      return 0;
    }
    Integer byDefinition = depthsByTask.getOrDefault(o.key().taskId(), Map.of())
        .get(o.key().containerName());
    return byDefinition != null ? byDefinition : o.stopRank();
  }

  /** Whether a live container of its task with a higher rank is shutting down. */
  public boolean heldBack(ObservedContainer o) {
    if (o.key() == null || !o.isAlive()) {
      return false;
    }
    return rank(o) < highestLeaving.getOrDefault(o.key().taskId(), 0);
  }

  /**
   * The items that may go now, dependents first.
   *
   * @param items stops or removals, in the reconciler's order
   * @param observed the container each item acts on
   */
  public <T> List<T> wave(List<T> items, Function<T, ObservedContainer> observed) {
    Map<String, List<T>> byTask = new LinkedHashMap<>();
    for (T item : items) {
      ObservedContainer o = observed.apply(item);
      if (heldBack(o)) {
        continue;
      }
      ContainerKey key = o.key();
      byTask.computeIfAbsent(key == null ? "" : key.taskId(), k -> new ArrayList<>()).add(item);
    }
    List<T> out = new ArrayList<>(items.size());
    for (List<T> group : byTask.values()) {
      group.sort(Comparator.comparing((T item) -> -rank(observed.apply(item)))
          .thenComparing(item -> observed.apply(item).startedAt(),
              Comparator.nullsLast(Comparator.<Instant>reverseOrder())));
      out.addAll(group);
    }
    return out;
  }
}
