package dev.backroom.hub.ecs;

import dev.backroom.ecs.wire.EcsDispatcher;

/**
 * A group of ECS operations the hub serves (clusters, task definitions, services, tasks,
 * container instances, tags). Each group is a bean; {@link EcsOperations} collects them all, so
 * a group is added without touching the others.
 */
public interface EcsOperationSet {
  void register(EcsDispatcher.Builder<EcsCaller> operations);
}
