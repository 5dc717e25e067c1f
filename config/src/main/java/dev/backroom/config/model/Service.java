package dev.backroom.config.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * A long-running set of tasks, in ECS CreateService vocabulary. {@code taskDefinition} is
 * {@code family} (latest revision) or {@code family:revision}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Service(
    String serviceName,
    String taskDefinition,
    Integer desiredCount,
    List<PlacementConstraint> placementConstraints) {

  @JsonIgnore
  public List<PlacementConstraint> constraints() {
    return placementConstraints == null ? List.of() : placementConstraints;
  }

  @JsonIgnore
  public int desiredCountOrZero() {
    return desiredCount == null ? 0 : desiredCount;
  }

  public Service withDesiredCount(int count) {
    return new Service(serviceName, taskDefinition, count, placementConstraints);
  }

  public Service withTaskDefinition(String ref) {
    return new Service(serviceName, ref, desiredCount, placementConstraints);
  }
}
