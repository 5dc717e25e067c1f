package dev.backroom.httpguard;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Refuses a request whose declared {@code Content-Length} is over the app's body limit
 * ({@code quarkus.http.limits.max-body-size}) before Quarkus's body handler does, which would
 * answer 413 with an empty body: the app writes its own JSON refusal instead. Route order
 * {@link Integer#MIN_VALUE}, as {@link PathGuardRoute}. The connection is closed after the
 * answer, the unread body drained first ({@link LingeringClose}) so the client reads the 413
 * rather than a reset. A chunked body over the limit has no declared length: Quarkus's body
 * handler fails it with 413, which the app's error handler answers.
 */
public final class BodyLimitRoute {
  private BodyLimitRoute() {}

  /**
   * @param maxBytes the largest body accepted
   * @param refuse ends the response with status 413 and the app's error body; the
   *     {@code Connection: close} header is already set
   */
  public static void install(Router router, long maxBytes, Handler<RoutingContext> refuse) {
    router.route().order(Integer.MIN_VALUE).handler(ctx -> {
      if (!overLimit(ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH), maxBytes)
          || ctx.response().ended()) {
        ctx.next();
        return;
      }
      ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
      refuse.handle(ctx);
      LingeringClose.after(ctx.vertx(), ctx.request());
    });
  }

  /**
   * Whether {@code contentLength} (the header's value, null when absent) declares more than
   * {@code maxBytes}. A malformed value is not over: Vert.x refuses it itself with a 400.
   */
  static boolean overLimit(String contentLength, long maxBytes) {
    if (contentLength == null) {
      return false;
    }
    try {
      return Long.parseLong(contentLength.trim()) > maxBytes;
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
