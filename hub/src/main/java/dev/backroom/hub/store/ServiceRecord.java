package dev.backroom.hub.store;

import dev.backroom.config.json.SpecHash;
import dev.backroom.config.model.Service;
import java.time.Instant;
import java.util.OptionalInt;

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
    return salted(revisionHash, redeploys);
  }

  /**
   * The redeploy count, at most {@code upTo}, under which a task of the revision carries
   * {@code taskHash}; empty when none does. A rollback to a deployment made before a forced
   * redeploy goes back to its count too, or the next pass would see the service's hash differ
   * from the deployment it rolled back to and roll the failed spec out again.
   */
  public static OptionalInt redeploysOf(String revisionHash, String taskHash, int upTo) {
    for (int c = upTo; c >= 0; c--) {
      if (salted(revisionHash, c).equals(taskHash)) {
        return OptionalInt.of(c);
      }
    }
    return OptionalInt.empty();
  }

  private static String salted(String revisionHash, int redeploys) {
    return redeploys == 0 ? revisionHash : SpecHash.sha256(revisionHash + "|redeploy " + redeploys);
  }
}
