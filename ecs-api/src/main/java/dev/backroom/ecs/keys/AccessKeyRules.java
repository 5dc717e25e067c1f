package dev.backroom.ecs.keys;

import dev.backroom.config.validate.Violation;
import java.util.ArrayList;
import java.util.List;

/**
 * What a new access key may ask for, decided without I/O: every violation with its field, not
 * the first one only.
 */
public final class AccessKeyRules {
  /** The description column's size. */
  public static final int MAX_DESCRIPTION = 256;
  /** One minute: shorter is no use to a pipeline and likely a unit mistake (ms for s). */
  public static final long MIN_EXPIRES_IN_SECONDS = 60;
  /** Ten years: longer is a key that never expires, which is what leaving it out means. */
  public static final long MAX_EXPIRES_IN_SECONDS = 10L * 365 * 24 * 3600;

  private AccessKeyRules() {}

  /**
   * The violations of a request for a key.
   *
   * @param userRole the role of the user {@code username} names, null when there is no such
   *     user (or no username)
   */
  public static List<Violation> check(String username, String role, String description,
      Long expiresInSeconds, String userRole) {
    List<Violation> v = new ArrayList<>();
    if (username != null && userRole == null) {
      v.add(new Violation("username", "no user " + clip(username)));
    }
    if (role != null && !AccessKeyRoles.valid(role)) {
      v.add(new Violation("role", "must be one of " + AccessKeyRoles.ALL));
    } else if (role == null && username == null) {
      v.add(new Violation("role", "a pipeline key (no username) needs a role, one of "
          + AccessKeyRoles.ALL));
    } else if (role != null && userRole != null
        && !AccessKeyRoles.weaker(role, userRole).equals(role)) {
      v.add(new Violation("role", role + " is stronger than " + username + "'s role "
          + userRole + "; a user's key can do at most what the user can"));
    }
    if (description != null && description.length() > MAX_DESCRIPTION) {
      v.add(new Violation("description", "at most " + MAX_DESCRIPTION + " characters, not "
          + description.length()));
    }
    if (expiresInSeconds != null && (expiresInSeconds < MIN_EXPIRES_IN_SECONDS
        || expiresInSeconds > MAX_EXPIRES_IN_SECONDS)) {
      v.add(new Violation("expiresInSeconds", "from " + MIN_EXPIRES_IN_SECONDS + " to "
          + MAX_EXPIRES_IN_SECONDS + " (ten years), or left out for a key that does not expire"));
    }
    return v;
  }

  /** The role a valid request's key gets: the one asked for, else its user's. */
  public static String role(String role, String userRole) {
    return role != null ? role : userRole;
  }

  /** A name quoted back in a message is cut, so that a junk username makes no huge answer. */
  private static String clip(String s) {
    return s.length() > 64 ? s.substring(0, 64) + "..." : s;
  }
}
