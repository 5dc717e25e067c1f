package dev.backroom.hub.web;

import java.util.List;
import java.util.Set;

/**
 * The hub's roles, weakest first: {@code viewer} reads, {@code operator} also changes the store,
 * {@code admin} also manages users, tokens and device activations. An identity carries its role
 * and every weaker one, so {@code @RolesAllowed(Roles.OPERATOR)} admits operators and admins.
 */
public final class Roles {
  public static final String VIEWER = "viewer";
  public static final String OPERATOR = "operator";
  public static final String ADMIN = "admin";

  /** Weakest first; a role's rank is its index. */
  public static final List<String> ALL = List.of(VIEWER, OPERATOR, ADMIN);

  private Roles() {}

  public static boolean valid(String role) {
    return role != null && ALL.contains(role);
  }

  /** The role and every weaker one: what an identity with {@code role} is granted. */
  public static Set<String> granted(String role) {
    int rank = ALL.indexOf(role);
    if (rank < 0) {
      throw new IllegalArgumentException("unknown role " + role);
    }
    return Set.copyOf(ALL.subList(0, rank + 1));
  }

  /** The weaker of two roles, e.g. a token restricted below its user's role. */
  public static String weaker(String a, String b) {
    return ALL.indexOf(a) <= ALL.indexOf(b) ? a : b;
  }
}
