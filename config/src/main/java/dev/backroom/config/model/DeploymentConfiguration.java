package dev.backroom.config.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * How a service rolls to a new revision, in ECS's words. {@code minimumHealthyPercent} of
 * desiredCount must stay healthy and at most {@code maximumPercent} may run during a rollout.
 * The circuit breaker's {@code failureThreshold} is Backroom's: how many failed starts of new
 * tasks end the rollout (and roll back when {@code rollback} is on).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeploymentConfiguration(
    Integer minimumHealthyPercent,
    Integer maximumPercent,
    CircuitBreaker deploymentCircuitBreaker) {

  public static final DeploymentConfiguration DEFAULT = new DeploymentConfiguration(100, 200,
      new CircuitBreaker(true, true, 3));

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record CircuitBreaker(Boolean enable, Boolean rollback, Integer failureThreshold) {
    @JsonIgnore
    public boolean enabled() {
      return enable == null || enable;
    }

    @JsonIgnore
    public boolean rollsBack() {
      return rollback == null || rollback;
    }

    @JsonIgnore
    public int threshold() {
      return failureThreshold == null ? 3 : failureThreshold;
    }
  }

  @JsonIgnore
  public int minimumHealthyPercentOrDefault() {
    return minimumHealthyPercent == null ? 100 : minimumHealthyPercent;
  }

  @JsonIgnore
  public int maximumPercentOrDefault() {
    return maximumPercent == null ? 200 : maximumPercent;
  }

  @JsonIgnore
  public CircuitBreaker circuitBreakerOrDefault() {
    return deploymentCircuitBreaker == null ? DEFAULT.deploymentCircuitBreaker() : deploymentCircuitBreaker;
  }
}
