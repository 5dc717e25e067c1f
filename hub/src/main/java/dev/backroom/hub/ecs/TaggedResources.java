package dev.backroom.hub.ecs;

import dev.backroom.ecs.arn.Arns;
import dev.backroom.ecs.wire.EcsError;
import dev.backroom.hub.store.ServiceStore;
import dev.backroom.hub.store.TaskDefinitionStore;
import dev.backroom.hub.store.TaskStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The resource a tagging call's {@code resourceArn} names, checked to exist, as the ARN the hub
 * writes for it ({@link EcsTags} keys tags by that): an older ARN without a cluster, or one that
 * names the cluster {@code default}, tags the same resource as the ARN the hub answers with.
 */
@ApplicationScoped
public class TaggedResources {
  @Inject HubCluster cluster;
  @Inject ServiceStore services;
  @Inject TaskStore tasks;
  @Inject TaskDefinitionStore taskDefinitions;
  @Inject ContainerInstances instances;

  /**
   * The canonical ARN of an existing resource.
   *
   * @throws EcsError InvalidParameterException for something that is not an ECS ARN of this
   *     endpoint, ClusterNotFoundException for another cluster (or a resource in one), and
   *     ResourceNotFoundException for a resource of this cluster that does not exist
   */
  public String canonical(String resourceArn) {
    Arns.Ref ref = cluster.arns().parseAnyArn(resourceArn);
    Arns arns = cluster.arns();
    String name = cluster.name();
    switch (ref.kind()) {
      case CLUSTER:
        if (!cluster.isThis(ref.name())) {
          throw EcsError.clusterNotFound();
        }
        return cluster.arn();
      case SERVICE:
        cluster.require(ref.cluster());
        services.find(ref.name()).orElseThrow(() -> notFound(resourceArn));
        return arns.service(name, ref.name());
      case TASK:
        cluster.require(ref.cluster());
        tasks.find(ref.name()).orElseThrow(() -> notFound(resourceArn));
        return arns.task(name, ref.name());
      case TASK_DEFINITION:
        int revision = ref.revision().getAsInt();
        taskDefinitions.revision(ref.name(), revision).orElseThrow(() -> notFound(resourceArn));
        return arns.taskDefinition(ref.name(), revision);
      case CONTAINER_INSTANCE:
        cluster.require(ref.cluster());
        if (!instances.exists(ref.name())) {
          throw notFound(resourceArn);
        }
        return instances.arn(ref.name());
      default:
        throw new IllegalStateException("unhandled ARN kind " + ref.kind());
    }
  }

  private static EcsError notFound(String arn) {
    return EcsError.of("ResourceNotFoundException", "The specified resource is not found: " + arn);
  }
}
