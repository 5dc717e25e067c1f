package dev.backroom.hub.core.standalone;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.backroom.config.model.KeyValuePair;
import dev.backroom.config.model.PlacementConstraint;
import dev.backroom.config.model.PlacementStrategy;
import dev.backroom.config.model.ResourceRequirement;
import java.util.List;

/**
 * The body of {@code POST /api/v1/tasks}, ECS RunTask's fields that mean something at the edge.
 * {@code cluster} and {@code launchType} are accepted as for a service (one cluster per hub;
 * EXTERNAL only). Null means "not given" everywhere.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunTaskRequest(
    String taskDefinition,
    Integer count,
    Overrides overrides,
    List<PlacementConstraint> placementConstraints,
    List<PlacementStrategy> placementStrategy,
    String startedBy,
    String group,
    String clientToken,
    String cluster,
    String launchType) {

  public static final int MAX_COUNT = 10;

  /** ECS {@code overrides}: only container overrides are honoured at the edge. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Overrides(List<ContainerOverride> containerOverrides) {
    public List<ContainerOverride> containers() {
      return containerOverrides == null ? List.of() : containerOverrides;
    }
  }

  /**
   * One container's overrides. {@code command}, {@code cpu}, {@code memory},
   * {@code memoryReservation} and {@code resourceRequirements} replace the definition's;
   * {@code environment} is merged into it by name, as ECS does.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ContainerOverride(String name, List<String> command,
      List<KeyValuePair> environment, Integer cpu, Integer memory, Integer memoryReservation,
      List<ResourceRequirement> resourceRequirements) {}

  public int countOrDefault() {
    return count == null ? 1 : count;
  }

  public List<ContainerOverride> containerOverrides() {
    return overrides == null ? List.of() : overrides.containers();
  }

  /** The request less its client token: what a reused token must match. */
  public RunTaskRequest withoutClientToken() {
    return new RunTaskRequest(taskDefinition, count, overrides, placementConstraints,
        placementStrategy, startedBy, group, null, cluster, launchType);
  }
}
