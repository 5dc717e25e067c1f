package dev.backroom.cloud.ecs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.backroom.ecs.arn.Arns;
import dev.backroom.ecs.shapes.TaskShapes;
import dev.backroom.ecs.wire.EcsJson;
import dev.backroom.ecs.wire.EpochSeconds;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.StreamSupport;

/**
 * A reported task (the hub's task record as its report carries it, {@code ReportBatch}) in ECS's
 * {@code Task} shape, drawn with the hub's rules ({@link TaskShapes}). Pure. What the report
 * lacks is left out rather than made up: a batch of an older hub carries no container states,
 * stop codes or stopped tasks; {@code taskDefinitionArn} names the store hub's revision of the
 * family (a hub numbers the revisions it receives itself).
 */
final class ReportedTaskShapes {
  private ReportedTaskShapes() {}

  /**
   * @param taskId the id the cluster shows ({@link ReportedStores#shownId})
   * @param deviceId likewise, for the container instance
   * @param definition the store's desired task definition of the task's family (its containers
   *     are shown when the report carries none), or null
   */
  static ObjectNode render(Arns arns, String cluster, String taskId, String deviceId,
      JsonNode t, JsonNode definition) {
    String taskArn = arns.task(cluster, taskId);
    ObjectNode o = EcsJson.mapper().createObjectNode();
    o.put("taskArn", taskArn);
    o.put("clusterArn", arns.cluster(cluster));
    o.put("taskDefinitionArn", arns.taskDefinition(t.path("taskFamily").asText(),
        Math.max(1, t.path("taskRevision").asInt(1))));
    if (deviceId != null) {
      o.put("containerInstanceArn", arns.containerInstance(cluster, deviceId));
    }
    String last = t.path("lastStatus").asText(TaskShapes.PENDING);
    o.put("lastStatus", last);
    o.put("desiredStatus", t.path("desiredStatus").asText(TaskShapes.RUNNING));
    o.put("healthStatus", t.path("healthStatus").asText("UNKNOWN"));
    o.put("launchType", "EXTERNAL");
    if (definition != null && definition.hasNonNull("cpu")) {
      o.put("cpu", definition.get("cpu").asText());
    }
    if (definition != null && definition.hasNonNull("memory")) {
      o.put("memory", definition.get("memory").asText());
    }
    o.set("containers", containers(taskArn, last, t.path("containers"), definition));
    text(t, "startedBy").ifPresent(by -> o.put("startedBy", by));
    String service = text(t, "serviceName").orElse(null);
    o.put("group", text(t, "group").orElse(service != null ? "service:" + service
        : "family:" + t.path("taskFamily").asText()));
    o.putObject("overrides").putArray("containerOverrides");
    instant(t, "createdAt").ifPresent(at -> o.set("createdAt", EpochSeconds.toJson(at)));
    TaskShapes.startedAt(times(t, "startedAt"), instant(t, "runningSince").orElse(null))
        .ifPresent(at -> o.set("startedAt", EpochSeconds.toJson(at)));
    instant(t, "stoppingAt").ifPresent(at -> o.set("stoppingAt", EpochSeconds.toJson(at)));
    if (TaskShapes.STOPPED.equals(last)) {
      // A batch of an older hub has no stoppedAt: the containers' ends, else the last change.
      Optional<Instant> at = instant(t, "stoppedAt").or(() -> Optional.ofNullable(
          TaskShapes.stoppedAt(times(t, "finishedAt"), null, instant(t, "updatedAt")
              .orElse(null))));
      at.ifPresent(when -> o.set("stoppedAt", EpochSeconds.toJson(when)));
    }
    text(t, "stopCode").ifPresent(code -> o.put("stopCode", code));
    text(t, "stoppedReason").ifPresent(reason -> o.put("stoppedReason", reason));
    instant(t, "updatedAt").ifPresent(at -> o.put("version", at.toEpochMilli()));
    o.putArray("attachments");
    return o;
  }

  /** The definition's containers in order, each with what its device last said of it. */
  private static ArrayNode containers(String taskArn, String taskStatus, JsonNode reported,
      JsonNode definition) {
    List<String> names = new ArrayList<>();
    if (definition != null) {
      definition.path("containerDefinitions").forEach(c -> names.add(c.path("name").asText()));
    }
    reported.forEach(c -> {
      if (!names.contains(c.path("name").asText())) {
        names.add(c.path("name").asText());
      }
    });
    ArrayNode out = EcsJson.mapper().createArrayNode();
    for (String name : names) {
      JsonNode c = find(reported, name);
      ObjectNode o = out.addObject();
      o.put("taskArn", taskArn);
      o.put("name", name);
      JsonNode def = definition == null ? null : find(definition.path("containerDefinitions"),
          name);
      if (def != null && def.hasNonNull("image")) {
        o.put("image", def.get("image").asText());
      }
      TaskShapes.drawContainerState(o, c, taskStatus);
    }
    return out;
  }

  private static JsonNode find(JsonNode array, String name) {
    return StreamSupport.stream(array.spliterator(), false)
        .filter(c -> name.equals(c.path("name").asText())).findFirst().orElse(null);
  }

  /** One Docker time of each reported container ({@code startedAt} or {@code finishedAt}). */
  private static List<String> times(JsonNode t, String field) {
    List<String> out = new ArrayList<>();
    t.path("containers").forEach(c -> text(c, field).ifPresent(out::add));
    return out;
  }

  private static Optional<String> text(JsonNode o, String field) {
    JsonNode v = o.get(field);
    return v == null || v.isNull() ? Optional.empty() : Optional.of(v.asText());
  }

  /** A report's ISO instant; absent or unreadable reads as none (a report is no request). */
  static Optional<Instant> instant(JsonNode t, String field) {
    String iso = t.path(field).asText(null);
    if (iso == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.parse(iso));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
