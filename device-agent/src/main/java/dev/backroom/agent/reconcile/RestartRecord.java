package dev.backroom.agent.reconcile;

import java.time.Instant;

/**
 * What the agent remembers about one container slot between passes; Docker does not keep it for
 * us because the agent, not Docker, enforces restart policies.
 *
 * @param specHash the spec this record belongs to; a record for another hash is ignored
 * @param restarts restarts so far, compared with {@code maxAttempts}; 0 after (re)creation
 * @param streak consecutive quick failures, drives the backoff; reset by a long enough run
 * @param lastAttemptAt when the agent last created or started the container, null if never
 * @param lastError the last create or start error, null after a success
 * @param earlierRestarts restarts of the slot's earlier containers of this spec: their
 *     {@code restarts}, plus one for each time a container that had run was replaced by a new
 *     one (an operator's restart, a container removed behind the agent's back). Kept apart from
 *     {@code restarts}, which a re-creation resets for the restart policy; the two together are
 *     the restarts a technician sees, a count that never goes down within a task.
 * @param lastExitCode the exit code of the slot's last run that the agent restarted, so it is
 *     still known while the container runs again (Docker resets it on start); null if none
 */
public record RestartRecord(String specHash, int restarts, int streak, Instant lastAttemptAt,
    String lastError, int earlierRestarts, Integer lastExitCode) {

  /** A record of a slot never replaced nor restarted after an exit. */
  public RestartRecord(String specHash, int restarts, int streak, Instant lastAttemptAt,
      String lastError) {
    this(specHash, restarts, streak, lastAttemptAt, lastError, 0, null);
  }

  public static RestartRecord fresh(String specHash, Instant at) {
    return new RestartRecord(specHash, 0, 0, at, null);
  }

  /**
   * The earlier restarts to carry into a new record of {@code specHash} made after
   * {@code before}: none for another spec (a new spec is a new start); for a new container,
   * everything {@code before} counted plus one for the replacement itself, when {@code before}'s
   * container had run (a create or start that failed replaced nothing that ran).
   */
  static int earlierAfter(RestartRecord before, String specHash, boolean newContainer) {
    if (before == null || !before.specHash().equals(specHash)) {
      return 0;
    }
    boolean ran = before.lastError() == null && before.lastAttemptAt() != null;
    return before.earlierRestarts() + (newContainer && ran ? before.restarts() + 1 : 0);
  }

  /**
   * This record with what {@code before} (same spec) knew of earlier restarts and the last exit.
   *
   * @param newContainer whether this record is for a container created in place of
   *     {@code before}'s
   * @param exitCode the exit code of the run being restarted, or null to keep {@code before}'s
   */
  public RestartRecord carrying(RestartRecord before, boolean newContainer, Integer exitCode) {
    Integer exit = exitCode != null ? exitCode
        : before != null && before.specHash().equals(specHash) ? before.lastExitCode() : null;
    return new RestartRecord(specHash, restarts, streak, lastAttemptAt, lastError,
        earlierAfter(before, specHash, newContainer), exit);
  }

  /** The restarts a technician sees: this container's and its predecessors'. */
  public int shownRestarts() {
    return restarts + earlierRestarts;
  }
}
