package dev.backroom.config.model;

import java.util.List;

/**
 * When the agent restarts an exited container. ECS's fields ({@code enabled},
 * {@code ignoredExitCodes}, {@code restartAttemptPeriod}) keep their meaning; {@code policy}
 * and {@code maxAttempts} are Backroom's, because stores need "on-failure, N times".
 *
 * <p>Absent policy means {@code always}, which is what a long-running store workload wants.
 */
public record RestartPolicy(
    Boolean enabled,
    String policy,
    Integer maxAttempts,
    List<Integer> ignoredExitCodes,
    Integer restartAttemptPeriod) {

  public static final String ALWAYS = "always";
  public static final String ON_FAILURE = "on-failure";
  public static final String NEVER = "never";
  public static final List<String> POLICIES = List.of(ALWAYS, ON_FAILURE, NEVER);

  public static final RestartPolicy DEFAULT = new RestartPolicy(null, ALWAYS, null, null, null);

  /** The policy in force, {@code never} when ECS's {@code enabled} is false. */
  public String effectivePolicy() {
    if (Boolean.FALSE.equals(enabled)) {
      return NEVER;
    }
    return policy == null ? ALWAYS : policy;
  }

  /** Whether a container that exited with {@code exitCode} should be started again. */
  public boolean shouldRestart(int exitCode, int attemptsSoFar) {
    String p = effectivePolicy();
    if (p.equals(NEVER)) {
      return false;
    }
    if (ignoredExitCodes != null && ignoredExitCodes.contains(exitCode)) {
      return false;
    }
    if (p.equals(ON_FAILURE) && exitCode == 0) {
      return false;
    }
    return maxAttempts == null || attemptsSoFar < maxAttempts;
  }
}
