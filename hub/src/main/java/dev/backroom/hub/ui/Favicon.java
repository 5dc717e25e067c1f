package dev.backroom.hub.ui;

import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Pages name their icon ({@code /ui/favicon.svg?v=...} in base.html); a browser that asks for
 * {@code /favicon.ico} anyway (the login form, a bookmark) is sent there instead of getting 404.
 */
@ApplicationScoped
public class Favicon {
  void install(@Observes Router router) {
    router.get("/favicon.ico").handler(ctx -> ctx.response().setStatusCode(302)
        .putHeader("Location", UiAssets.url("favicon.svg"))
        .putHeader("Cache-Control", "max-age=86400").end());
  }
}
