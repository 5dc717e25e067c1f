package dev.backroom.ecs.keys;

import java.time.Instant;
import java.util.Optional;

/**
 * What a SigV4 verifier needs of Backroom's access keys: by key id, the secret to recompute the
 * signature with, who the key acts as and whether it may be used at {@code now}. Plain Java, so
 * a verifier (the ECS endpoint's) depends on this interface only; the hub and the cloud each
 * implement it over their database.
 */
public interface AccessKeyLookup {
  /**
   * The key {@code accessKeyId} as it stands at {@code now}, or empty when no key has that id
   * (including ids not of Backroom's shape and deleted keys). A key that exists but may not be
   * used (disabled, expired, unreadable) is returned with that {@link AccessKeyGrant#status()},
   * with its secret when it can be read, so that a verifier may check the signature before it
   * tells the caller anything about the key's state.
   *
   * @throws NullPointerException when {@code now} is null
   */
  Optional<AccessKeyGrant> find(String accessKeyId, Instant now);
}
