package dev.backroom.ecs.shapes;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
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
}
