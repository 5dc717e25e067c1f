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
 */
public record RestartRecord(
    String specHash, int restarts, int streak, Instant lastAttemptAt, String lastError) {

  public static RestartRecord fresh(String specHash, Instant at) {
    return new RestartRecord(specHash, 0, 0, at, null);
  }
}
