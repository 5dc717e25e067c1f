package dev.backroom.hub.ui;

import dev.backroom.hub.auth.AuthConfig;
import dev.backroom.hub.web.Caller;
import dev.backroom.hub.web.Roles;
import dev.backroom.hub.auth.SessionStore;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

/**
 * Who is looking at a page, for what the templates show: the user, the role, whether actions
 * are offered, and the session's CSRF token, which htmx ({@code hx-headers} on the body) and
 * the action script send as {@code X-CSRF-Token}. Hiding buttons from viewers is only a
 * courtesy: the API refuses their actions by role on its own.
 */
@RequestScoped
public class UiAccess {
  @Inject SecurityIdentity identity;
  @Inject AuthConfig auth;

  /**
   * {@code role} is viewer, operator or admin; {@code csrfToken} is empty for a bearer token
   * (which needs none); {@code loggedIn} is whether there is a session to log out of.
   */
  public record Viewer(String username, String role, String csrfToken, boolean canOperate,
      boolean loggedIn) {}

  public Viewer current() {
    Caller c = Caller.of(identity);
    if (c == null) {
      return new Viewer("anonymous", Roles.VIEWER, "", false, false);
    }
    SessionStore.Session s = SessionStore.of(identity);
    boolean operate = identity.hasRole(Roles.OPERATOR);
    return new Viewer(c.name(), c.role(), s == null ? "" : s.csrfToken(), operate,
        auth.enabled() && s != null);
  }

  /** An anonymous caller on a hub that requires login: a page sends it to the login form. */
  public boolean mustLogIn() {
    return auth.enabled() && (identity == null || identity.isAnonymous());
  }
}
