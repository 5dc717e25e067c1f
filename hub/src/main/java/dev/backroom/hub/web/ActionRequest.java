package dev.backroom.hub.web;

import dev.backroom.config.validate.Violation;
import java.util.List;

/**
 * Optional body of an operator action: who and why. The actor the caller claims (body, else the
 * {@code X-Backroom-Actor} header, else "anonymous") is used only when hub authentication is off
 * ({@code backroom.auth.enabled=false}); otherwise the authenticated user acts (hub.auth.Actors).
 * Both fields are stored (events, device controls, revocations), so the constructor refuses an
 * over-long one with 400 before the action does anything, rather than cut it.
 */
public record ActionRequest(String actor, String reason) {
  public static final String ACTOR_HEADER = "X-Backroom-Actor";
  /** The actor columns' size. */
  public static final int MAX_ACTOR = 255;
  /** The smallest reason column's size (device controls, revocations). */
  public static final int MAX_REASON = 1024;

  public ActionRequest {
    bounded("actor", actor, MAX_ACTOR);
    bounded("reason", reason, MAX_REASON);
  }

  public static String actor(ActionRequest body, String header) {
    if (body != null && body.actor() != null && !body.actor().isBlank()) {
      return body.actor();
    }
    return header == null || header.isBlank() ? "anonymous" : clip(header);
  }

  public static String reason(ActionRequest body) {
    return body == null ? null : body.reason();
  }

  /** {@code reason} if it fits a reason column; a 400 otherwise. */
  public static String reason(String reason) {
    return bounded("reason", reason, MAX_REASON);
  }

  /** A header is not the body: it only names, and only with auth off, so it is cut to fit. */
  private static String clip(String s) {
    return s.length() > MAX_ACTOR ? s.substring(0, MAX_ACTOR) : s;
  }

  private static String bounded(String field, String value, int max) {
    if (value != null && value.length() > max) {
      throw ApiError.invalid("request", List.of(new Violation(field,
          "must be at most " + max + " characters, not " + value.length())));
    }
    return value;
  }
}
