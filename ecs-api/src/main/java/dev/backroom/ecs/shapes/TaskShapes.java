package dev.backroom.ecs.shapes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.Comparator;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/** Pure parts of a task in ECS's {@code Task} shape, shared by the hub and the cloud. */
public final class TaskShapes {
  public static final String RUNNING = "RUNNING";
  public static final String STOPPED = "STOPPED";
  public static final String PENDING = "PENDING";

  private TaskShapes() {}

  /**
   * ECS's container status from Docker's state. Not reported yet: PENDING, or STOPPED once the
   * task is (a container that never started).
   */
  public static String containerStatus(String dockerState, String taskStatus) {
    if (dockerState == null) {
      return STOPPED.equals(taskStatus) ? STOPPED : PENDING;
    }
    return switch (dockerState.toLowerCase(Locale.ROOT)) {
      case "running", "paused" -> RUNNING;
      case "exited", "dead", "removing" -> STOPPED;
      default -> PENDING; // created, restarting
    };
  }

  /** Docker's times; its zero time (year 1) means never, as does anything unreadable. */
  public static Optional<Instant> dockerInstant(String iso) {
    if (iso == null) {
      return Optional.empty();
    }
    try {
      Instant at = Instant.parse(iso);
      return at.getEpochSecond() > 0 ? Optional.of(at) : Optional.empty();
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /**
   * ECS's {@code startedAt}: the earliest start a device reported of the task's containers
   * (Docker's times), else since when the hub saw the task RUNNING (may be null).
   */
  public static Optional<Instant> startedAt(Collection<String> containerStarts,
      Instant runningSince) {
    Optional<Instant> reported = containerStarts.stream().filter(Objects::nonNull)
        .map(TaskShapes::dockerInstant).flatMap(Optional::stream)
        .min(Comparator.naturalOrder());
    return reported.isPresent() ? reported : Optional.ofNullable(runningSince);
  }

  /**
   * ECS's {@code stoppedAt}: the latest end a device reported of the task's containers, else when
   * the hub stopped the task ({@code stoppedByHub}, may be null), else its last change.
   */
  public static Instant stoppedAt(Collection<String> containerEnds, Instant stoppedByHub,
      Instant lastChange) {
    return containerEnds.stream().filter(Objects::nonNull).map(TaskShapes::dockerInstant)
        .flatMap(Optional::stream).max(Comparator.naturalOrder())
        .orElse(stoppedByHub != null ? stoppedByHub : lastChange);
  }

  /**
   * Draws into an ECS {@code Container} what its device last said of it: {@code lastStatus},
   * {@code healthStatus}, {@code networkBindings} and, when known, {@code runtimeId},
   * {@code exitCode} and {@code reason}. {@code reported} is a container status as devices send
   * it and hubs report it ({@code name, containerId, state, exitCode, health, message,
   * networkBindings[]}), or null when none came yet.
   */
  public static void drawContainerState(ObjectNode o, JsonNode reported, String taskStatus) {
    JsonNode c = reported == null || reported.isMissingNode() || reported.isNull() ? null
        : reported;
    o.put("lastStatus", containerStatus(c == null ? null : text(c, "state"), taskStatus));
    String health = c == null ? null : text(c, "health");
    o.put("healthStatus", health == null ? "UNKNOWN" : health);
    ArrayNode bindings = o.putArray("networkBindings");
    if (c == null) {
      return;
    }
    if (text(c, "containerId") != null) {
      o.put("runtimeId", text(c, "containerId"));
    }
    if (c.path("exitCode").canConvertToInt()) {
      o.put("exitCode", c.path("exitCode").asInt());
    }
    if (text(c, "message") != null) {
      o.put("reason", text(c, "message"));
    }
    for (JsonNode b : c.path("networkBindings")) {
      bindings.addObject().put("bindIP", b.path("bindIP").asText())
          .put("containerPort", b.path("containerPort").asInt())
          .put("hostPort", b.path("hostPort").asInt())
          .put("protocol", b.path("protocol").asText("tcp"));
    }
  }

  private static String text(JsonNode o, String field) {
    JsonNode v = o.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }
}
