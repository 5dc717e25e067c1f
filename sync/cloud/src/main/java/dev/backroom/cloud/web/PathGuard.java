package dev.backroom.cloud.web;

import dev.backroom.httpguard.PathGuardRoute;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Refuses request paths with {@code ;}, encoded slashes, backslashes or dot segments (400
 * {@code bad_path}) before any filter or route sees them: Quarkus 3.33.2 lacks the fixes for
 * authorisation bypasses built on such paths.
 */
@ApplicationScoped
public class PathGuard {
  void install(@Observes Router router) {
    PathGuardRoute.install(router);
  }
}
