package dev.backroom.cloud.ecs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.backroom.ecs.arn.Arns;
import dev.backroom.ecs.shapes.Tags;
import dev.backroom.ecs.wire.EcsDispatcher;
import dev.backroom.ecs.wire.EcsError;
import dev.backroom.ecs.wire.EcsJson;
import dev.backroom.ecs.wire.EcsRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Set;

/**
 * TagResource, UntagResource and ListTagsForResource on the cloud's own resources: clusters
 * (stores and store groups), services of those clusters and the cloud's task definition
 * revisions. Tasks and container instances are kept by the stores' hubs (the cloud sees them in
 * reports only), so tagging one is refused naming where to do it.
 */
@ApplicationScoped
public class TagOperations implements EcsOperationSet {
  @Inject Clusters clusters;
  @Inject CloudServices services;
  @Inject TaskDefinitionTable taskDefinitions;
  @Inject CloudTags tags;

  @Override
  public void register(EcsDispatcher.Builder<EcsCaller> ops) {
    ops.write("TagResource", Set.of("resourceArn", "tags"), (r, c) -> tag(r));
    ops.write("UntagResource", Set.of("resourceArn", "tagKeys"), (r, c) -> untag(r));
    ops.read("ListTagsForResource", Set.of("resourceArn"), (r, c) -> list(r));
  }

  ObjectNode tag(EcsRequest r) {
    String arn = canonical(r.requiredString("resourceArn"));
    Map<String, String> add = Tags.read(r.body().get("tags"));
    if (add.isEmpty()) {
      throw EcsError.invalidParameter("tags: at least one tag is required");
    }
    tags.put(arn, add);
    return EcsJson.mapper().createObjectNode();
  }

  ObjectNode untag(EcsRequest r) {
    String arn = canonical(r.requiredString("resourceArn"));
    if (!r.body().hasNonNull("tagKeys")) {
      throw EcsError.invalidParameter("Missing required parameter in input: \"tagKeys\"");
    }
    tags.remove(arn, r.strings("tagKeys"));
    return EcsJson.mapper().createObjectNode();
  }

  ObjectNode list(EcsRequest r) {
    String arn = canonical(r.requiredString("resourceArn"));
    ObjectNode out = EcsJson.mapper().createObjectNode();
    out.set("tags", Tags.json(tags.list(arn)));
    return out;
  }

  /**
   * The ARN the cloud writes for the existing resource {@code resourceArn} names.
   *
   * @throws EcsError InvalidParameterException for no ECS ARN of this endpoint's region and
   *     account, or a service ARN without its cluster (the cloud has many); ClientException for
   *     a task or container instance; ResourceNotFoundException for a resource that is not there
   */
  String canonical(String resourceArn) {
    Arns arns = clusters.arns();
    Arns.Ref ref = arns.parseAnyArn(resourceArn);
    switch (ref.kind()) {
      case CLUSTER:
        return arns.cluster(clusters.find(ref.name())
            .orElseThrow(() -> notFound(resourceArn)).name());
      case SERVICE: {
        String clusterName = ref.cluster().orElseThrow(() -> EcsError.invalidParameter(
            "Invalid resource ARN '" + resourceArn + "': the cloud serves many clusters; use"
                + " service/<cluster>/<name>, as DescribeServices writes it."));
        Clusters.Cluster cluster = clusters.find(clusterName)
            .orElseThrow(() -> notFound(resourceArn));
        services.find(cluster, ref.name()).orElseThrow(() -> notFound(resourceArn));
        return arns.service(cluster.name(), ref.name());
      }
      case TASK_DEFINITION: {
        int revision = ref.revision().getAsInt();
        taskDefinitions.find(ref.name(), revision).orElseThrow(() -> notFound(resourceArn));
        return arns.taskDefinition(ref.name(), revision);
      }
      case TASK:
      case CONTAINER_INSTANCE:
        throw EcsError.client("Tags of tasks and container instances are kept by the store's"
            + " hub, not the cloud: call TagResource on the hub of the store that runs it"
            + " (https://<hub>/ecs).");
      default:
        throw new IllegalStateException("unhandled ARN kind " + ref.kind());
    }
  }

  static EcsError notFound(String arn) {
    return EcsError.of("ResourceNotFoundException", "The specified resource is not found: " + arn);
  }
}
