package dev.backroom.agent.status;

import dev.backroom.agent.model.ContainerKey;
import dev.backroom.agent.model.DesiredState;
import dev.backroom.agent.model.ObservedContainer;
import dev.backroom.agent.reconcile.ReconcileResult;
import dev.backroom.agent.reconcile.RestartRecord;
import dev.backroom.config.model.ContainerDefinition;
import dev.backroom.mqtt.message.AssignedTask;
import dev.backroom.mqtt.message.ContainerStatus;
import dev.backroom.mqtt.message.StatusReport;
import dev.backroom.mqtt.message.TaskStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the status report from a reconcile result, so status uses the very classification the
 * reconciler made (backing off is PENDING, given up is STOPPED). Pure; no I/O and no clock.
 *
 * <p>A held task reports what is really there: a running container counts as RUNNING, anything
 * else (exited, created, paused, missing) as STOPPED, because the agent will not bring it back
 * while the hold lasts. The report carries no hold marker; the hub set the hold and knows it.
 * Its spec hash is the one its containers really carry (see {@link #reportedSpec}).
 */
public final class StatusComputer {
  public static final String HEALTHY = "HEALTHY";
  public static final String UNHEALTHY = "UNHEALTHY";
  public static final String UNKNOWN = "UNKNOWN";

  /** A container's place in its task's status. */
  private enum Phase { RUNNING, PENDING, STOPPED }

  private record Slot(Phase phase, ObservedContainer observed, String message) {}

  /** An essential container that stopped for good on its own, not because its task stopped. */
  private record Stopper(String name, ObservedContainer observed, String message) {}

  /** ECS's stoppedReason for a task whose essential container stopped. */
  public static final String ESSENTIAL_EXITED = "Essential container in task exited";
  /** How the reconciler words a sibling stopped along with its task. */
  private static final String TASK_STOPPED = "task stopped:";

  private StatusComputer() {}

  public static StatusReport compute(DesiredState desired, ReconcileResult result,
      Map<ContainerKey, RestartRecord> book) {
    Map<ContainerKey, Slot> slots = slots(result);
    List<TaskStatus> tasks = new ArrayList<>();
    for (AssignedTask t : desired.tasks()) {
      List<ContainerStatus> containers = new ArrayList<>();
      List<Stopper> stoppers = new ArrayList<>();
      boolean allEssentialRunning = true;
      boolean essentialStopped = false;
      int healthy = 0;
      boolean unhealthy = false;
      boolean unknownHealth = false;
      for (ContainerDefinition c : t.taskDefinition().containers()) {
        ContainerKey key = new ContainerKey(t.taskId(), c.name());
        Slot s = slots.getOrDefault(key, new Slot(Phase.PENDING, null, null));
        RestartRecord rec = book.get(key);
        boolean recCurrent = rec != null && rec.specHash().equals(t.specHash());
        ObservedContainer o = s.observed();
        String health = health(o);
        String message = s.message();
        if (recCurrent && rec.lastError() != null) {
          message = rec.lastError();
        } else if (message == null && o != null && o.error() != null && !o.error().isBlank()) {
          message = o.error();
        }
        containers.add(new ContainerStatus(c.name(), o == null ? null : o.id(),
            o == null ? "pending" : o.state(), o == null || o.isRunning() ? null : o.exitCode(),
            health, recCurrent ? rec.restarts() : 0, message,
            NetworkBindings.of(t.taskDefinition(), c, o),
            o == null || o.startedAt() == null ? null : o.startedAt().toString(),
            o == null || o.isRunning() || o.finishedAt() == null ? null : o.finishedAt().toString(),
            recCurrent && rec.earlierRestarts() > 0 ? rec.earlierRestarts() : null,
            recCurrent ? rec.lastExitCode() : null));
        if (c.isEssential() && s.phase() == Phase.STOPPED && !t.isHeld()
            && (s.message() == null || !s.message().startsWith(TASK_STOPPED))) {
          stoppers.add(new Stopper(c.name(), o, s.message()));
        }
        if (c.isEssential()) {
          allEssentialRunning &= s.phase() == Phase.RUNNING;
          essentialStopped |= s.phase() == Phase.STOPPED;
          if (c.healthCheck() != null) {
            unhealthy |= UNHEALTHY.equals(health);
            unknownHealth |= UNKNOWN.equals(health);
            healthy += HEALTHY.equals(health) ? 1 : 0;
          }
        }
      }
      String last = essentialStopped ? TaskStatus.STOPPED
          : allEssentialRunning ? TaskStatus.RUNNING : TaskStatus.PENDING;
      String taskHealth = unhealthy ? UNHEALTHY
          : healthy > 0 && !unknownHealth ? HEALTHY : UNKNOWN;
      tasks.add(new TaskStatus(t.taskId(), t.serviceName(), reportedSpec(t, slots), last,
          taskHealth, containers, essentialStopped ? stoppedReason(stoppers) : null));
    }
    return new StatusReport(desired.deviceId(), Math.max(0, desired.generation()), tasks);
  }

  /**
   * ECS's reason for a task stopped by an essential container, then which one and how: the
   * first to finish when several did. Null for a held task (nothing stopped it but the hold).
   */
  private static String stoppedReason(List<Stopper> stoppers) {
    Stopper first = stoppers.stream().min(Comparator.comparing(
        (Stopper x) -> x.observed() == null ? null : x.observed().finishedAt(),
        Comparator.nullsLast(Comparator.naturalOrder()))).orElse(null);
    if (first == null) {
      return null;
    }
    ObservedContainer o = first.observed();
    if (o != null && ObservedContainer.EXITED.equals(o.state()) && o.wasStarted()
        && o.exitCode() != null) {
      return ESSENTIAL_EXITED + ": " + first.name() + " exited " + o.exitCode();
    }
    return ESSENTIAL_EXITED + ": " + first.name()
        + (first.message() == null ? "" : ": " + first.message());
  }

  /** Tasks whose essential containers all run, for the heartbeat. */
  public static int runningTasks(StatusReport report) {
    return (int) report.tasks().stream()
        .filter(t -> TaskStatus.RUNNING.equals(t.lastStatus())).count();
  }

  /**
   * The assignment's spec hash, except for a held task whose containers all still carry another
   * one (its spec changed while held and was, by the hold, not applied): then that one, so the
   * hub does not take the old containers for the new spec.
   */
  private static String reportedSpec(AssignedTask t, Map<ContainerKey, Slot> slots) {
    if (!t.isHeld()) {
      return t.specHash();
    }
    List<String> carried = t.taskDefinition().containers().stream()
        .map(c -> slots.get(new ContainerKey(t.taskId(), c.name())))
        .filter(s -> s != null && s.observed() != null && s.observed().specHash() != null)
        .map(s -> s.observed().specHash()).distinct().toList();
    return carried.size() == 1 ? carried.get(0) : t.specHash();
  }

  private static Map<ContainerKey, Slot> slots(ReconcileResult r) {
    Map<ContainerKey, Slot> m = new HashMap<>();
    r.create().forEach(c -> m.put(c.desired().key(), new Slot(Phase.PENDING, null, c.reason())));
    r.start().forEach(s -> m.put(s.desired().key(),
        new Slot(Phase.PENDING, s.observed(), s.reason())));
    r.waits().forEach(w -> m.put(w.desired().key(),
        new Slot(Phase.PENDING, w.observed(),
            w.until() == null ? w.reason() : w.reason() + " until " + w.until())));
    r.done().forEach(d -> m.put(d.desired().key(),
        new Slot(Phase.STOPPED, d.observed(), d.reason())));
    r.stop().forEach(s -> m.put(s.desired().key(),
        new Slot(Phase.STOPPED, s.observed(), s.reason())));
    // A hold adds nothing to the wire: the container's real state, and no agent-made message.
    r.held().forEach(h -> m.put(h.desired().key(), new Slot(
        h.observed() != null && h.observed().isRunning() ? Phase.RUNNING : Phase.STOPPED,
        h.observed(), null)));
    r.keep().forEach(k -> m.put(k.desired().key(), new Slot(
        k.observed().isRunning() ? Phase.RUNNING : Phase.PENDING, k.observed(), null)));
    return m;
  }

  private static String health(ObservedContainer o) {
    if (o == null || o.health() == null || !o.isRunning()) {
      return UNKNOWN;
    }
    return switch (o.health()) {
      case "healthy" -> HEALTHY;
      case "unhealthy" -> UNHEALTHY;
      default -> UNKNOWN;
    };
  }
}
