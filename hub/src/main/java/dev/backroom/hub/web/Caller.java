package dev.backroom.hub.web;

import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;

/**
 * Who a request acts as: a name, a role and how it was authenticated ({@link #BEARER},
 * {@link #BOOTSTRAP}, {@link #SESSION}, or {@link #INSECURE} when auth is off).
 */
public record Caller(String name, String role, String method) {
  public static final String BEARER = "bearer";
  public static final String BOOTSTRAP = "bootstrap";
  public static final String SESSION = "session";
  public static final String INSECURE = "insecure";
  public static final String NONE = "none";

  /** The principal of the bootstrap token; no user of that name can exist (see UserAdmin). */
  public static final String BOOTSTRAP_NAME = "bootstrap";
  static final String ATTRIBUTE = "backroom.caller";

  public SecurityIdentity identity() {
    QuarkusSecurityIdentity.Builder b = QuarkusSecurityIdentity.builder()
        .setPrincipal(new QuarkusPrincipal(name)).addRoles(Roles.granted(role))
        .addAttribute(ATTRIBUTE, this);
    return b.build();
  }

  /** The caller behind an identity, or null for an anonymous one. */
  public static Caller of(SecurityIdentity identity) {
    if (identity == null || identity.isAnonymous()) {
      return null;
    }
    return identity.getAttribute(ATTRIBUTE);
  }
}
