package dev.backroom.hub.core.plan;

import dev.backroom.config.model.Service;
import dev.backroom.hub.core.deploy.Deployment;
import java.util.List;
import java.util.Map;

/**
 * What a pass decides rollouts from, read with the rest of its input.
 *
 * @param specs every service's spec as stored (its {@code taskDefinition} resolved to
 *     {@code family:revision}), by service name: its count, its circuit breaker, and what a
 *     rollback rewrites; one for every desired service
 * @param primaries every PRIMARY deployment, those of deleted services included (they retire)
 * @param rollbackTargets for each service whose PRIMARY deployment is IN_PROGRESS, the newest
 *     COMPLETED deployment of another spec, where the circuit breaker rolls back to; a service
 *     without one is absent
 */
public record RolloutInput(
    Map<String, Service> specs,
    List<Deployment> primaries,
    Map<String, Deployment> rollbackTargets) {

  public RolloutInput {
    specs = Map.copyOf(specs);
    primaries = List.copyOf(primaries);
    rollbackTargets = Map.copyOf(rollbackTargets);
  }
}
