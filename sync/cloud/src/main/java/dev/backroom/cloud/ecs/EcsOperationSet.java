package dev.backroom.cloud.ecs;

import dev.backroom.ecs.wire.EcsDispatcher;

/** A group of ECS operations the cloud serves; {@link EcsOperations} collects every group. */
public interface EcsOperationSet {
  void register(EcsDispatcher.Builder<EcsCaller> operations);
}
