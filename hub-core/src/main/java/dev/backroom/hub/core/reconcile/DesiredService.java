package dev.backroom.hub.core.reconcile;

import dev.backroom.config.model.PlacementConstraint;
import dev.backroom.config.model.PlacementStrategy;
import dev.backroom.config.model.TaskDefinition;
import java.util.List;
import java.util.Objects;

/**
 * A service as the hub wants it. {@code taskDefinition} is already resolved to a concrete
 * revision and {@code specHash} identifies what a task of it must run; a task with another hash
 * is out of date and is replaced by a rolling update.
 *
 * @param desiredCount tasks wanted; negative counts as zero; ignored when {@code daemon}
 * @param constraints null means none
 * @param daemon one task on every READY device that matches, instead of {@code desiredCount}
 * @param strategies null or empty means {@code spread instanceId}
 * @param minimumHealthyPercent of desiredCount (daemon: of matching devices) that must stay
 *     healthy while tasks are replaced; clamped to 0..100
 * @param maximumPercent of desiredCount that may exist during a rollout; anything below 100
 *     counts as 100. Daemons only ask whether it exceeds 100: may a replacement start beside
 *     the task it replaces?
 */
public record DesiredService(
    String serviceName,
    TaskDefinition taskDefinition,
    String specHash,
    int desiredCount,
    List<PlacementConstraint> constraints,
    boolean daemon,
    List<PlacementStrategy> strategies,
    int minimumHealthyPercent,
    int maximumPercent) {

  public DesiredService {
    Objects.requireNonNull(serviceName, "serviceName");
    constraints = constraints == null ? List.of() : List.copyOf(constraints);
    strategies = strategies == null || strategies.isEmpty()
        ? List.of(PlacementStrategy.spread())
        : List.copyOf(strategies);
  }

  /** A replica service spread over devices, rolled out with ECS's defaults (100 %, 200 %). */
  public DesiredService(String serviceName, TaskDefinition taskDefinition, String specHash,
      int desiredCount, List<PlacementConstraint> constraints) {
    this(serviceName, taskDefinition, specHash, desiredCount, constraints, false, null, 100, 200);
  }
}
