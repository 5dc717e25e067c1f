package dev.backroom.hub.web;

import io.vertx.core.MultiMap;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Security headers on every HTTP answer the hub gives (pages, the login form, static assets,
 * API JSON, errors and redirects alike), set just before the headers are written, so no
 * resource can forget them:
 * <ul>
 *   <li>{@code Content-Security-Policy}: everything the UI loads is served by the hub itself
 *       (htmx, uPlot, xterm.js are vendored), so only {@code 'self'}; no inline script, no
 *       {@code eval}, no plugins, no {@code <base>}, forms post only here, and no framing
 *       ({@code frame-ancestors 'none'}, clickjacking). WebSockets go back to the page's own
 *       host ({@code connect-src 'self'}, which covers ws: and wss: of that host).
 *       The task page alone allows inline styles: xterm.js sizes and colours the terminal
 *       with {@code <style>} elements it creates at run time. Scripts stay strict there too.
 *   <li>{@code X-Content-Type-Options: nosniff}: a JSON or text answer is never run as script.
 *   <li>{@code Referrer-Policy: no-referrer}: task and device ids in URLs stay on the hub.
 *   <li>{@code X-Frame-Options: DENY}: the same as frame-ancestors, for browsers without CSP 2.
 * </ul>
 * A policy a resource set itself is left alone.
 */
@ApplicationScoped
public class SecurityHeaders {
  static final String CSP = "Content-Security-Policy";
  static final String STRICT = "default-src 'self'; script-src 'self'; style-src 'self';"
      + " img-src 'self'; font-src 'self'; connect-src 'self'; object-src 'none';"
      + " base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
  /** The task page's terminal: as {@link #STRICT}, but with xterm.js's run-time styles. */
  static final String TERMINAL = STRICT.replace("style-src 'self';",
      "style-src 'self' 'unsafe-inline';");

  void install(@Observes Router router) {
    router.route().order(Integer.MIN_VALUE + 2).handler(this::add);
  }

  private void add(RoutingContext ctx) {
    String path = ctx.normalizedPath();
    ctx.addHeadersEndHandler(v -> {
      MultiMap h = ctx.response().headers();
      forPath(path).forEach((name, value) -> {
        if (!h.contains(name)) {
          h.set(name, value);
        }
      });
    });
    ctx.next();
  }

  /** The headers for an answer to {@code path}. */
  static Map<String, String> forPath(String path) {
    Map<String, String> h = new LinkedHashMap<>();
    h.put(CSP, path != null && path.startsWith("/tasks/") ? TERMINAL : STRICT);
    h.put("X-Content-Type-Options", "nosniff");
    h.put("Referrer-Policy", "no-referrer");
    h.put("X-Frame-Options", "DENY");
    return h;
  }
}
