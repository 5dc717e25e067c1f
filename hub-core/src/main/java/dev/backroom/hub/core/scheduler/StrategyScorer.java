package dev.backroom.hub.core.scheduler;

import dev.backroom.config.model.PlacementStrategy;
import java.util.Collection;
import java.util.Comparator;

/**
 * Ranks by the request's strategies in order, the first deciding most, then by the fixed
 * fallbacks: fewest tasks in total, then most free memory. With the default
 * {@code spread instanceId} this is the scheduler's behaviour from before strategies existed.
 */
final class StrategyScorer implements PlacementScorer {
  static final String ATTRIBUTE_PREFIX = "attribute:";

  @Override
  public Comparator<DeviceLoad> ranking(TaskRequest task, Collection<DeviceLoad> loads) {
    Comparator<DeviceLoad> out = (a, b) -> 0;
    for (PlacementStrategy s : task.request().strategies()) {
      PlacementScorer scorer = scorerFor(s);
      if (scorer != null) {
        out = out.thenComparing(scorer.ranking(task, loads));
      }
    }
    return out.thenComparingInt(DeviceLoad::taskCount)
        .thenComparing(Comparator.comparingLong(DeviceLoad::freeMemoryMiB).reversed());
  }

  /** The fallbacks are local, so the whole is local when every strategy's scorer is. */
  @Override
  public boolean local(TaskRequest task) {
    for (PlacementStrategy s : task.request().strategies()) {
      PlacementScorer scorer = scorerFor(s);
      if (scorer != null && !scorer.local(task)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Null for a strategy the config validator would have rejected. A strategy is a preference, not
   * a requirement, so skipping it still places the task somewhere feasible, unlike an unknown
   * constraint, which makes the task unplaceable.
   */
  static PlacementScorer scorerFor(PlacementStrategy s) {
    if (s == null || s.type() == null) {
      return null;
    }
    String field = s.field();
    if (s.type().equals(PlacementStrategy.SPREAD)) {
      if (field != null && field.startsWith(ATTRIBUTE_PREFIX)
          && field.length() > ATTRIBUTE_PREFIX.length()) {
        return new AttributeSpreadScorer(field.substring(ATTRIBUTE_PREFIX.length()));
      }
      boolean instance = field == null || field.equals(PlacementStrategy.INSTANCE_ID)
          || field.equals("host");
      return instance ? new SpreadScorer() : null;
    }
    if (s.type().equals(PlacementStrategy.BINPACK)
        && (PlacementStrategy.MEMORY.equals(field) || PlacementStrategy.CPU.equals(field))) {
      return new BinpackScorer(field);
    }
    return null;
  }
}
