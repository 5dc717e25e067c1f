package dev.backroom.hub.api;

/**
 * Optional body of an operator action: who and why. The actor the caller claims (body, else the
 * {@code X-Backroom-Actor} header, else "anonymous") is used only when hub authentication is off
 * ({@code backroom.auth.enabled=false}); otherwise the authenticated user acts (hub.auth.Actors).
 */
public record ActionRequest(String actor, String reason) {
  public static final String ACTOR_HEADER = "X-Backroom-Actor";

  public static String actor(ActionRequest body, String header) {
    if (body != null && body.actor() != null && !body.actor().isBlank()) {
      return clip(body.actor());
    }
    return header == null || header.isBlank() ? "anonymous" : clip(header);
  }

  public static String reason(ActionRequest body) {
    return body == null ? null : body.reason();
  }

  private static String clip(String s) {
    return s.length() > 255 ? s.substring(0, 255) : s;
  }
}
