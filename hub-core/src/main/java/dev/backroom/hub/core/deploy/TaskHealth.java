package dev.backroom.hub.core.deploy;

import java.time.Duration;
import java.time.Instant;

/**
 * Whether a task counts as healthy for rollouts and drains. Pure. With a container health
 * check, only Docker's verdict counts; without one, a task is healthy once it has been RUNNING
 * without a restart for the grace period. {@code runningSince} and {@code now} are on the hub's
 * monotonic clock ({@link RunningTimes}), never the wall clock, which can be stepped by minutes.
 */
public final class TaskHealth {
  private TaskHealth() {}

  public static boolean healthy(String lastStatus, String healthStatus, boolean hasHealthCheck,
      Instant runningSince, Duration grace, Instant now) {
    if (!"RUNNING".equals(lastStatus)) {
      return false;
    }
    if (hasHealthCheck) {
      return "HEALTHY".equals(healthStatus);
    }
    return !"UNHEALTHY".equals(healthStatus) && runningSince != null
        && !runningSince.plus(grace).isAfter(now);
  }
}
