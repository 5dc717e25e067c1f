package dev.backroom.httpguard;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import java.util.Optional;

/**
 * Installs {@link RequestPaths} as the first route of an app's router. Quarkus runs CORS at route
 * order -300, authentication at -200, path permissions at -100 and every resource, static file
 * and WebSocket upgrade later still; this route takes {@link Integer#MIN_VALUE}, so a refused path
 * reaches none of them. It reads {@code request().uri()}, the target as sent, never the
 * normalised path that routing uses.
 */
public final class PathGuardRoute {
  /** The {@code error} code of the 400 answer. */
  public static final String ERROR = "bad_path";

  private PathGuardRoute() {}

  public static void install(Router router) {
    router.route().order(Integer.MIN_VALUE).handler(ctx -> {
      Optional<String> why = RequestPaths.refusal(ctx.request().uri());
      if (why.isEmpty()) {
        ctx.next();
        return;
      }
      // The reasons are fixed texts without quotes or backslashes: no JSON escaping needed, and
      // the client's path is not echoed back.
      ctx.response().setStatusCode(400)
          .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
          .end("{\"error\":\"" + ERROR + "\",\"message\":\"" + why.get() + "\"}");
    });
  }
}
