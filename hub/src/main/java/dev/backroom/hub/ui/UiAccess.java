package dev.backroom.hub.ui;

import jakarta.enterprise.context.RequestScoped;

/**
 * Who is looking at a page, for what the templates show: the user, the role, whether actions
 * are offered, and the CSRF token htmx and fetch send as {@code X-CSRF-Token}. The API refuses
 * actions by role on its own; hiding buttons is only for the viewer's sake.
 *
 * <p>Seam for hub authentication (auth branch): until it is merged every visitor is an
 * anonymous operator without a token.
 */
@RequestScoped
public class UiAccess {
  /** {@code role} is viewer, operator or admin. */
  public record Viewer(String username, String role, String csrfToken, boolean canOperate,
      boolean authenticated) {}

  public Viewer current() {
    return new Viewer("anonymous", "operator", "", true, false);
  }
}
