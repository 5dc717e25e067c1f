package dev.backroom.hub.ecs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.backroom.config.model.ContainerDefinition;
import dev.backroom.config.model.TaskDefinition;
import dev.backroom.ecs.arn.Arns;
import dev.backroom.ecs.shapes.Tags;
import dev.backroom.ecs.shapes.TaskShapes;
import dev.backroom.ecs.wire.EcsJson;
import dev.backroom.ecs.wire.EpochSeconds;
import dev.backroom.hub.api.TaskStops;
import dev.backroom.hub.store.StandaloneTaskStore.StandaloneTask;
import dev.backroom.hub.store.TaskRecord;
import dev.backroom.mqtt.message.ContainerStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A hub task in ECS's {@code Task} shape. {@code lastStatus} is what the hub knows: PENDING from
 * placement until the device reports, then the device's RUNNING or STOPPED; a task taken off its
 * device shows its last reported status until the device reports it gone. Pure: everything comes
 * in as arguments.
 */
final class TaskRenderer {
  private TaskRenderer() {}

  /**
   * What a task is made of.
   *
   * @param standalone its RunTask fields; null for a service task
   * @param definition what it runs (overrides applied); null when the revision is gone
   * @param tags its tags, or null to leave {@code tags} out (DescribeTasks without TAGS)
   */
  record Parts(TaskRecord task, StandaloneTask standalone, TaskDefinition definition,
      Map<String, String> tags) {}

  static ObjectNode render(Arns arns, String cluster, Parts p) {
    TaskRecord t = p.task();
    StandaloneTask s = p.standalone();
    String taskArn = arns.task(cluster, t.taskId());
    ObjectNode o = EcsJson.mapper().createObjectNode();
    o.put("taskArn", taskArn);
    o.put("clusterArn", arns.cluster(cluster));
    o.put("taskDefinitionArn", arns.taskDefinition(t.taskFamily(), t.taskRevision()));
    o.put("containerInstanceArn", arns.containerInstance(cluster, t.deviceId()));
    String last = t.lastStatus() == null ? TaskRecord.PENDING : t.lastStatus();
    o.put("lastStatus", last);
    o.put("desiredStatus", t.desiredStatus());
    o.put("healthStatus", t.healthStatus() == null ? "UNKNOWN" : t.healthStatus());
    o.put("launchType", "EXTERNAL");
    if (p.definition() != null && p.definition().cpu() != null) {
      o.put("cpu", String.valueOf(p.definition().cpu()));
    }
    if (p.definition() != null && p.definition().memory() != null) {
      o.put("memory", String.valueOf(p.definition().memory()));
    }
    o.set("containers", containers(taskArn, last, t.containers(), p.definition()));
    if (s != null) {
      if (s.startedBy() != null) {
        o.put("startedBy", s.startedBy());
      }
      o.put("group", s.group());
    } else {
      o.put("group", "service:" + t.serviceName());
    }
    o.set("overrides", overrides(s));
    o.set("createdAt", EpochSeconds.toJson(t.createdAt()));
    startedAt(t).ifPresent(at -> o.set("startedAt", EpochSeconds.toJson(at)));
    boolean stopping = TaskRecord.STOPPED.equals(t.desiredStatus());
    if (stopping && s != null && s.stoppedAt() != null) {
      o.set("stoppingAt", EpochSeconds.toJson(s.stoppedAt()));
    }
    if (TaskRecord.STOPPED.equals(last)) {
      o.set("stoppedAt", EpochSeconds.toJson(stoppedAt(t, s)));
    }
    stopCode(t, s).ifPresent(code -> o.put("stopCode", code));
    if (t.stoppedReason() != null) {
      o.put("stoppedReason", t.stoppedReason());
    }
    // ECS's version counts changes; the hub's time of the last change grows with every one.
    o.put("version", t.updatedAt().toEpochMilli());
    o.putArray("attachments");
    if (p.tags() != null) {
      o.set("tags", Tags.json(p.tags()));
    }
    return o;
  }

  /** ECS's stop code of a task ({@link TaskStops#stopCode}). */
  static Optional<String> stopCode(TaskRecord t, StandaloneTask s) {
    return TaskStops.stopCode(t, s);
  }

  /** The definition's containers in order, each with what its device last said of it. */
  private static ArrayNode containers(String taskArn, String taskStatus,
      List<ContainerStatus> reported, TaskDefinition definition) {
    ArrayNode out = EcsJson.mapper().createArrayNode();
    List<String> names = new ArrayList<>();
    if (definition != null) {
      definition.containers().forEach(c -> names.add(c.name()));
    }
    reported.stream().map(ContainerStatus::name).filter(n -> !names.contains(n))
        .forEach(names::add);
    for (String name : names) {
      ContainerStatus c = reported.stream().filter(r -> name.equals(r.name())).findFirst()
          .orElse(null);
      ObjectNode o = out.addObject();
      o.put("taskArn", taskArn);
      o.put("name", name);
      if (definition != null) {
        definition.containers().stream().filter(d -> d.name().equals(name))
            .map(ContainerDefinition::image).filter(Objects::nonNull).findFirst()
            .ifPresent(image -> o.put("image", image));
      }
      TaskShapes.drawContainerState(o, c == null ? null : EcsJson.mapper().valueToTree(c),
          taskStatus);
    }
    return out;
  }

  /** ECS's container status from Docker's state ({@link TaskShapes#containerStatus}). */
  static String containerStatus(String dockerState, String taskStatus) {
    return TaskShapes.containerStatus(dockerState, taskStatus);
  }

  private static ObjectNode overrides(StandaloneTask s) {
    if (s != null && s.overrides() != null) {
      try {
        ObjectNode given = (ObjectNode) EcsJson.mapper().readTree(s.overrides());
        if (!given.has("containerOverrides")) {
          given.putArray("containerOverrides");
        }
        return given;
      } catch (JsonProcessingException | ClassCastException e) {
        throw new IllegalStateException("stored overrides of " + s.taskId() + " unreadable", e);
      }
    }
    ObjectNode none = EcsJson.mapper().createObjectNode();
    none.putArray("containerOverrides");
    return none;
  }

  /** The earliest start the device reported of the task's containers, else since RUNNING. */
  static Optional<Instant> startedAt(TaskRecord t) {
    return TaskShapes.startedAt(t.containers().stream().map(ContainerStatus::startedAt).toList(),
        t.runningSince());
  }

  /** The latest end the device reported, else when the hub stopped it, else its last change. */
  static Instant stoppedAt(TaskRecord t, StandaloneTask s) {
    return TaskShapes.stoppedAt(t.containers().stream().map(ContainerStatus::finishedAt).toList(),
        s == null ? null : s.stoppedAt(), t.updatedAt());
  }

  /** Docker's times ({@link TaskShapes#dockerInstant}). */
  static Optional<Instant> instant(String iso) {
    return TaskShapes.dockerInstant(iso);
  }
}
