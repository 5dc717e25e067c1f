package dev.backroom.hub.core.plan;

import dev.backroom.hub.core.scheduler.Unplaced;
import java.util.List;

/**
 * Everything one control-loop pass changes, decided before anything is written: the hub's
 * apply step writes exactly this, in one transaction, and publishes the assignments it changes.
 * Tasks and rollouts are decided from the same reading, so a rollback changes the service for
 * the next pass, which replaces the failing tasks.
 *
 * @param stops service tasks stopped (scaled in, replaced, service deleted), lost with their
 *     device, and standalone tasks ended, in that order
 * @param placements new tasks with their device (new replicas, replacements of a rolling update,
 *     a drain or a lost device, daemon tasks)
 * @param unplaced what no device could take, with each device's reason
 * @param drained draining devices with no task left but held ones: marked drained (unschedulable
 *     until released)
 * @param drainsMoving some draining device still has tasks to move
 * @param rollouts deployments started, counted, completed, failed, rolled back and retired, in
 *     the order decided (see {@link RolloutStep})
 * @param rolloutsMoving a rollout is in progress, or one started or failed in this pass
 */
public record PassPlan(
    List<Stop> stops,
    List<Place> placements,
    List<Unplaced> unplaced,
    List<Drained> drained,
    boolean drainsMoving,
    List<RolloutStep> rollouts,
    boolean rolloutsMoving) {

  public static final String STOPPED = "task-stopped";
  public static final String LOST = "task-lost";

  public PassPlan {
    stops = List.copyOf(stops);
    placements = List.copyOf(placements);
    unplaced = List.copyOf(unplaced);
    drained = List.copyOf(drained);
    rollouts = List.copyOf(rollouts);
  }

  /**
   * One task to take out of its assignment.
   *
   * @param kind {@link #STOPPED} or {@link #LOST}, the event it is recorded as
   * @param serviceName null for a standalone task
   * @param stopCode ECS's stop code for a standalone task, null for a service task
   */
  public record Stop(String kind, String taskId, String serviceName, String deviceId,
      String reason, String stopCode) {

    public boolean standalone() {
      return serviceName == null;
    }
  }

  /** One new task of {@code family:revision} on {@code deviceId}; {@code reason} says why. */
  public record Place(String taskId, String serviceName, String deviceId, String family,
      int revision, String specHash, String reason) {

    public String taskDefinition() {
      return family + ":" + revision;
    }
  }

  /** A draining device found empty; {@code reason} is the drain's. */
  public record Drained(String deviceId, String reason) {}

  /** True when the pass writes nothing. */
  public boolean isEmpty() {
    return stops.isEmpty() && placements.isEmpty() && drained.isEmpty() && rollouts.isEmpty();
  }
}
