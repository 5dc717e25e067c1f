package dev.backroom.config.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * A long-running set of tasks, in ECS CreateService vocabulary. {@code taskDefinition} is
 * {@code family} (latest revision) or {@code family:revision}. {@code schedulingStrategy}
 * {@code DAEMON} runs one task on every matching device and ignores desiredCount.
 * {@code healthCheckGracePeriodSeconds}: a task without a container health check counts as
 * healthy once it has run this long. {@code cluster} and {@code launchType} (EXTERNAL only) are
 * ECS CreateService fields with no effect on a hub, which is one cluster: stored and returned.
 * Any other field is refused when read by SpecReader.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Service(
    String serviceName,
    String taskDefinition,
    Integer desiredCount,
    List<PlacementConstraint> placementConstraints,
    String schedulingStrategy,
    List<PlacementStrategy> placementStrategy,
    DeploymentConfiguration deploymentConfiguration,
    Integer healthCheckGracePeriodSeconds,
    String cluster,
    String launchType) {

  public static final String REPLICA = "REPLICA";
  public static final String DAEMON = "DAEMON";
  public static final String EXTERNAL = "EXTERNAL";

  public Service(String serviceName, String taskDefinition, Integer desiredCount,
      List<PlacementConstraint> placementConstraints) {
    this(serviceName, taskDefinition, desiredCount, placementConstraints, null, null, null, null);
  }

  /** The fields Backroom schedules with, without the stored-only ones. */
  public Service(String serviceName, String taskDefinition, Integer desiredCount,
      List<PlacementConstraint> placementConstraints, String schedulingStrategy,
      List<PlacementStrategy> placementStrategy, DeploymentConfiguration deploymentConfiguration,
      Integer healthCheckGracePeriodSeconds) {
    this(serviceName, taskDefinition, desiredCount, placementConstraints, schedulingStrategy,
        placementStrategy, deploymentConfiguration, healthCheckGracePeriodSeconds, null, null);
  }

  @JsonIgnore
  public List<PlacementConstraint> constraints() {
    return placementConstraints == null ? List.of() : placementConstraints;
  }

  @JsonIgnore
  public List<PlacementStrategy> strategies() {
    return placementStrategy == null || placementStrategy.isEmpty()
        ? List.of(PlacementStrategy.spread()) : placementStrategy;
  }

  @JsonIgnore
  public boolean isDaemon() {
    return DAEMON.equals(schedulingStrategy);
  }

  @JsonIgnore
  public int desiredCountOrZero() {
    return desiredCount == null ? 0 : desiredCount;
  }

  @JsonIgnore
  public DeploymentConfiguration deployment() {
    return deploymentConfiguration == null ? DeploymentConfiguration.DEFAULT : deploymentConfiguration;
  }

  public Service withDesiredCount(int count) {
    return new Service(serviceName, taskDefinition, count, placementConstraints, schedulingStrategy,
        placementStrategy, deploymentConfiguration, healthCheckGracePeriodSeconds, cluster,
        launchType);
  }

  public Service withTaskDefinition(String ref) {
    return new Service(serviceName, ref, desiredCount, placementConstraints, schedulingStrategy,
        placementStrategy, deploymentConfiguration, healthCheckGracePeriodSeconds, cluster,
        launchType);
  }
}
