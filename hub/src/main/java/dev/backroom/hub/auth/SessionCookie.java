package dev.backroom.hub.auth;

/** The {@code Set-Cookie} values of the session cookie: HttpOnly, SameSite=Strict, Path=/. */
final class SessionCookie {
  private SessionCookie() {}

  /** @param secure whether the request came over HTTPS; a cookie marked Secure needs it */
  static String set(String value, boolean secure) {
    return SessionStore.COOKIE + "=" + value + "; Path=/; HttpOnly; SameSite=Strict"
        + (secure ? "; Secure" : "");
  }

  static String clear(boolean secure) {
    return SessionStore.COOKIE + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict"
        + (secure ? "; Secure" : "");
  }
}
