package dev.backroom.hub.reconcile;

import dev.backroom.config.model.PlacementConstraint;
import dev.backroom.config.model.TaskDefinition;
import java.util.List;
import java.util.Objects;

/**
 * A service as the hub wants it. {@code taskDefinition} is already resolved to a concrete
 * revision and {@code specHash} identifies what a task of it must run; a task with another hash
 * is out of date. A negative {@code desiredCount} counts as zero; null constraints mean none.
 */
public record DesiredService(
    String serviceName,
    TaskDefinition taskDefinition,
    String specHash,
    int desiredCount,
    List<PlacementConstraint> constraints) {

  public DesiredService {
    Objects.requireNonNull(serviceName, "serviceName");
    constraints = constraints == null ? List.of() : List.copyOf(constraints);
  }
}
