package dev.backroom.hub.ui;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Whether a WebSocket handshake's {@code Origin} is the hub's own: the scheme, host and port the
 * request came to ({@code Host} header, TLS or not), or one of the configured extra origins (a
 * reverse proxy's public address). A WebSocket handshake carries the session cookie but no CSRF
 * token, so without this any site a technician visits could open the terminal in their name
 * (cross-site WebSocket hijacking).
 *
 * <p>A handshake without {@code Origin} is allowed: browsers always send one on a WebSocket
 * handshake (RFC 6455 section 4.1, and the Fetch standard), so its absence means a program, not
 * a page, and a program cannot ride a browser's cookie: it must hold a credential of its own.
 * {@code Origin: null} (sandboxed frames, {@code file:} pages) is a browser and is refused.
 */
final class Origins {
  private Origins() {}

  /**
   * @param origin the {@code Origin} header, or null when absent
   * @param secure whether the request came over TLS
   * @param host the {@code Host} header (host, optionally {@code :port}), or null
   * @param extra further allowed origins, e.g. {@code https://hub.store-17.example}
   * @return empty when allowed, else why not
   */
  static Optional<String> refusal(String origin, boolean secure, String host, List<String> extra) {
    if (origin == null) {
      return Optional.empty();
    }
    Optional<String> given = normalize(origin);
    if (given.isEmpty()) {
      return Optional.of("Origin '" + clip(origin) + "' is not an http(s) origin");
    }
    if (host != null) {
      Optional<String> own = normalize((secure ? "https://" : "http://") + host);
      if (own.equals(given)) {
        return Optional.empty();
      }
    }
    for (String e : extra) {
      if (normalize(e.trim()).equals(given)) {
        return Optional.empty();
      }
    }
    return Optional.of("Origin " + given.get() + " is not this hub ("
        + (secure ? "https://" : "http://") + clip(String.valueOf(host)) + ")");
  }

  /** {@code scheme://host:port}, lower case, the port always written; empty when not one. */
  static Optional<String> normalize(String origin) {
    try {
      URI u = new URI(origin);
      String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https") || u.getHost() == null
          || u.getRawUserInfo() != null || !(u.getRawPath() == null || u.getRawPath().isEmpty()
              || u.getRawPath().equals("/")) || u.getRawQuery() != null
          || u.getRawFragment() != null) {
        return Optional.empty();
      }
      int port = u.getPort() >= 0 ? u.getPort() : scheme.equals("https") ? 443 : 80;
      return Optional.of(scheme + "://" + u.getHost().toLowerCase(Locale.ROOT) + ":" + port);
    } catch (java.net.URISyntaxException e) {
      return Optional.empty();
    }
  }

  private static String clip(String s) {
    return s.length() > 100 ? s.substring(0, 100) + "..." : s;
  }
}
