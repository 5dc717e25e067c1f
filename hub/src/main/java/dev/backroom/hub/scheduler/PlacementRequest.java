package dev.backroom.hub.scheduler;

import dev.backroom.config.model.PlacementConstraint;
import dev.backroom.config.model.TaskDefinition;
import java.util.List;
import java.util.Objects;

/**
 * One task to place. {@code requestId} must be unique within a call; requests are processed in
 * its lexicographic order. A null {@code taskDefinition} asks for no resources; null
 * {@code constraints} means none.
 */
public record PlacementRequest(
    String requestId,
    String serviceName,
    TaskDefinition taskDefinition,
    List<PlacementConstraint> constraints) {

  public PlacementRequest {
    Objects.requireNonNull(requestId, "requestId");
    constraints = constraints == null ? List.of() : List.copyOf(constraints);
  }
}
