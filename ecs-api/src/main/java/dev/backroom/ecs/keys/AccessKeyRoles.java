package dev.backroom.ecs.keys;

import java.util.List;
import java.util.Set;

/**
 * The roles an access key can hold, weakest first: {@code viewer} reads, {@code operator} also
 * changes, {@code admin} also manages. These are the hub's roles (its {@code hub.web.Roles} has
 * the same three names, which its users and tokens hold); the cloud, which has no users, gives
 * them to its pipeline keys. Kept here so that the rules and the ECS gates of both agree.
 */
public final class AccessKeyRoles {
  public static final String VIEWER = "viewer";
  public static final String OPERATOR = "operator";
  public static final String ADMIN = "admin";

  /** Weakest first; a role's rank is its index. */
  public static final List<String> ALL = List.of(VIEWER, OPERATOR, ADMIN);

  private AccessKeyRoles() {}

  public static boolean valid(String role) {
    return role != null && ALL.contains(role);
  }

  /** The role and every weaker one. */
  public static Set<String> granted(String role) {
    int rank = ALL.indexOf(role);
    if (rank < 0) {
      throw new IllegalArgumentException("unknown role " + role);
    }
    return Set.copyOf(ALL.subList(0, rank + 1));
  }

  /** The weaker of two roles. */
  public static String weaker(String a, String b) {
    return ALL.indexOf(a) <= ALL.indexOf(b) ? a : b;
  }
}
