package dev.backroom.hub.store;

import dev.backroom.config.json.SpecHash;
import dev.backroom.config.model.Service;
import java.time.Instant;

/**
 * A stored service; {@code spec.taskDefinition()} is always the concrete family:revision.
 * {@code origin} is {@code local} (created on site) or {@code cloud} (owned by cloud sync).
 * {@code redeploys} counts the forced redeploys (ECS UpdateService {@code forceNewDeployment}).
 */
public record ServiceRecord(Service spec, String taskFamily, int taskRevision, Instant createdAt,
    Instant updatedAt, String origin, int redeploys) {

  /**
   * The hash the service's tasks must carry, from its revision's hash: the revision's own until
   * a redeploy is forced, then salted with the count, so a forced redeploy makes every task out
   * of date (the rollout replaces them) while the revision stays what it was.
   */
  public String taskSpecHash(String revisionHash) {
    return redeploys == 0 ? revisionHash : SpecHash.sha256(revisionHash + "|redeploy " + redeploys);
  }
}
