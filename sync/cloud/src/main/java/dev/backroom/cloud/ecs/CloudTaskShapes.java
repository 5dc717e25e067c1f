package dev.backroom.cloud.ecs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.backroom.ecs.arn.Arns;
import dev.backroom.ecs.wire.EcsJson;
import dev.backroom.ecs.wire.EpochSeconds;
import java.time.Instant;

/**
 * ECS's {@code Task} shape for a one-off task drawn from its desired TASK object, for RunTask's,
 * StartTask's and StopTask's answers: PROVISIONING (ECS's status before placement) until its
 * store reports it, desired RUNNING, or STOPPED once StopTask asked. Its ARN is the one reports
 * will carry: the task id on a store cluster, {@code <store>.<id>} on a group cluster
 * ({@link ReportedStores#shownId}). Pure.
 */
final class CloudTaskShapes {
  private CloudTaskShapes() {}

  /**
   * @param spec the TASK object's spec (CloudRunTasks writes it)
   * @param lastStatus PROVISIONING, or what the store reported
   */
  static ObjectNode fromSpec(Arns arns, Clusters.Cluster cluster, String storeId, String taskId,
      JsonNode spec, String lastStatus) {
    JsonNode td = spec.path("taskDefinition");
    String family = td.path("family").asText();
    String cloudRef = spec.path("cloudTaskDefinition").asText();
    int revision = Integer.parseInt(cloudRef.substring(cloudRef.lastIndexOf(':') + 1));
    JsonNode request = spec.path("request");
    String taskArn = arns.task(cluster.name(), ReportedStores.shownId(cluster, storeId, taskId));
    ObjectNode task = EcsJson.mapper().createObjectNode();
    task.put("taskArn", taskArn);
    task.put("clusterArn", arns.cluster(cluster.name()));
    task.put("taskDefinitionArn", arns.taskDefinition(family, revision));
    if (spec.hasNonNull("containerInstance")) {
      task.put("containerInstanceArn", arns.containerInstance(cluster.name(),
          ReportedStores.shownId(cluster, storeId, spec.path("containerInstance").asText())));
    }
    task.put("lastStatus", lastStatus);
    task.put("launchType", "EXTERNAL");
    task.put("group", request.hasNonNull("group") ? request.path("group").asText()
        : "family:" + family);
    if (request.hasNonNull("startedBy")) {
      task.put("startedBy", request.path("startedBy").asText());
    }
    task.set("overrides", request.hasNonNull("overrides") ? request.get("overrides").deepCopy()
        : EcsJson.mapper().createObjectNode().set("containerOverrides",
            EcsJson.mapper().createArrayNode()));
    if (td.hasNonNull("cpu")) {
      task.put("cpu", td.path("cpu").asText());
    }
    if (td.hasNonNull("memory")) {
      task.put("memory", td.path("memory").asText());
    }
    task.set("createdAt", EpochSeconds.toJson(Instant.parse(spec.path("requestedAt").asText())));
    task.put("version", 1);
    task.putArray("attachments");
    ArrayNode containers = task.putArray("containers");
    for (JsonNode c : td.path("containerDefinitions")) {
      containers.addObject().put("name", c.path("name").asText())
          .put("image", c.path("image").asText()).put("lastStatus", "PENDING")
          .put("taskArn", taskArn);
    }
    JsonNode stop = spec.path("stop");
    if (stop.isObject()) {
      task.put("desiredStatus", "STOPPED");
      task.put("stopCode", "UserInitiated");
      task.put("stoppedReason", stop.hasNonNull("reason") ? stop.path("reason").asText()
          : "Task stopped by " + stop.path("by").asText());
      task.set("stoppingAt", EpochSeconds.toJson(Instant.parse(stop.path("at").asText())));
    } else {
      task.put("desiredStatus", "RUNNING");
    }
    return task;
  }
}
