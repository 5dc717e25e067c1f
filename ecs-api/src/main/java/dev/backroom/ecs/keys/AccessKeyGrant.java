package dev.backroom.ecs.keys;

/**
 * An access key as a verifier sees it.
 *
 * @param secretAccessKey the secret, null only when {@code status} is UNREADABLE
 * @param username the user the key acts as, null for a pipeline key
 * @param role what the key may do now: a pipeline key's own role; a user's key the weaker of its
 *     role and the user's current role (a user demoted since keeps no more through a key)
 */
public record AccessKeyGrant(String accessKeyId, String secretAccessKey, String username,
    String role, AccessKeyStatus status) {

  public boolean usable() {
    return status == AccessKeyStatus.ACTIVE;
  }

  /**
   * Who the key acts as, for the audit log and events: the username, or for a pipeline key
   * {@code pipeline:<accessKeyId>} (usernames cannot hold a colon, so the two never collide).
   */
  public String owner() {
    return owner(username, accessKeyId);
  }

  public static String owner(String username, String accessKeyId) {
    return username != null ? username : "pipeline:" + accessKeyId;
  }

  @Override
  public String toString() {
    // never the secret, whoever logs a grant
    return "AccessKeyGrant[" + accessKeyId + ", " + owner() + ", " + role + ", " + status + "]";
  }
}
