package dev.backroom.hub.web;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Set;

/**
 * How long browsers keep the UI's own assets ({@code /ui/*.js}, {@code .css}, {@code .svg}).
 * Quarkus serves every static file {@code immutable} for a day, which is right only for a URL
 * whose content never changes. The pages ask for these files with a content version
 * ({@code /ui/app.js?v=<hash>}, see {@code hub.ui.UiAssets}): such a URL is kept for a year and
 * never revalidated. Without a version (an old page, a bookmark, the login form) the browser
 * must revalidate every time ({@code no-cache}), so it never runs a script older than the hub.
 * Vendored libraries live under versioned paths ({@code /vendor/xterm/5.5.0/}, webjars) and
 * keep Quarkus's default.
 */
@ApplicationScoped
public class AssetCaching {
  static final String VERSIONED = "public, max-age=31536000, immutable";
  static final String UNVERSIONED = "no-cache";
  private static final Set<String> EXTENSIONS = Set.of(".js", ".css", ".svg");

  void install(@Observes Router router) {
    router.route("/ui/*").order(Integer.MIN_VALUE + 3).handler(this::add);
  }

  private void add(RoutingContext ctx) {
    String policy = forRequest(ctx.normalizedPath(), ctx.request().query());
    if (policy != null) {
      ctx.addHeadersEndHandler(v -> {
        int status = ctx.response().getStatusCode();
        if (status == 200 || status == 304) {
          ctx.response().headers().set("Cache-Control", policy);
        }
      });
    }
    ctx.next();
  }

  /** The Cache-Control for a UI asset, or null when the path is not one (pages, sockets). */
  static String forRequest(String path, String query) {
    if (path == null || !path.startsWith("/ui/") || path.startsWith("/ui/ws/")
        || EXTENSIONS.stream().noneMatch(path::endsWith)) {
      return null;
    }
    boolean versioned = query != null && (query.startsWith("v=") || query.contains("&v="));
    return versioned ? VERSIONED : UNVERSIONED;
  }
}
