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
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.StreamSupport;

/**
 * A reported task (the hub's task record as its report carries it) in ECS's {@code Task} shape.
 * Pure. What the report lacks is left out rather than made up: a hub reports a task while its
 * device should run it, so {@code desiredStatus} is RUNNING and a task the hub stopped leaves the
 * report; {@code taskDefinitionArn} names the store hub's revision of the family (a hub numbers
 * the revisions it receives itself).
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
    String service = t.path("serviceName").asText(null);
    o.put("group", service != null ? "service:" + service
        : "family:" + t.path("taskFamily").asText());
    o.putObject("overrides").putArray("containerOverrides");
    instant(t, "createdAt").ifPresent(at -> o.set("createdAt", EpochSeconds.toJson(at)));
    startedAt(t).ifPresent(at -> o.set("startedAt", EpochSeconds.toJson(at)));
    if (TaskShapes.STOPPED.equals(last)) {
      stoppedAt(t).ifPresent(at -> o.set("stoppedAt", EpochSeconds.toJson(at)));
    }
    if (t.hasNonNull("stoppedReason")) {
      o.put("stoppedReason", t.get("stoppedReason").asText());
    }
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
      o.put("lastStatus", TaskShapes.containerStatus(c == null ? null
          : c.path("state").asText(null), taskStatus));
      o.put("healthStatus", c == null ? "UNKNOWN" : c.path("health").asText("UNKNOWN"));
      ArrayNode bindings = o.putArray("networkBindings");
      if (c == null) {
        continue;
      }
      if (c.hasNonNull("containerId")) {
        o.put("runtimeId", c.get("containerId").asText());
      }
      if (c.hasNonNull("exitCode")) {
        o.put("exitCode", c.get("exitCode").asInt());
      }
      if (c.hasNonNull("message")) {
        o.put("reason", c.get("message").asText());
      }
      c.path("networkBindings").forEach(b -> bindings.addObject()
          .put("bindIP", b.path("bindIP").asText()).put("containerPort",
              b.path("containerPort").asInt()).put("hostPort", b.path("hostPort").asInt())
          .put("protocol", b.path("protocol").asText("tcp")));
    }
    return out;
  }

  private static JsonNode find(JsonNode array, String name) {
    return StreamSupport.stream(array.spliterator(), false)
        .filter(c -> name.equals(c.path("name").asText())).findFirst().orElse(null);
  }

  private static Optional<Instant> startedAt(JsonNode t) {
    Optional<Instant> reported = StreamSupport.stream(t.path("containers").spliterator(), false)
        .map(c -> TaskShapes.dockerInstant(c.path("startedAt").asText(null)))
        .flatMap(Optional::stream).min(Comparator.naturalOrder());
    return reported.isPresent() ? reported : instant(t, "runningSince");
  }

  private static Optional<Instant> stoppedAt(JsonNode t) {
    Optional<Instant> reported = StreamSupport.stream(t.path("containers").spliterator(), false)
        .map(c -> TaskShapes.dockerInstant(c.path("finishedAt").asText(null)))
        .flatMap(Optional::stream).max(Comparator.naturalOrder());
    return reported.isPresent() ? reported : instant(t, "updatedAt");
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
