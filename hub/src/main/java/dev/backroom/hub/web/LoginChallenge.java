package dev.backroom.hub.web;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.vertx.ext.web.RoutingContext;

/**
 * How a request without credentials is answered, wherever it is refused (by the auth mechanism
 * before the REST layer, or by {@link ErrorMappers} inside it): a browser asking for a page is
 * sent to the login form, a program gets 401 with the {@link #BEARER} challenge.
 */
public final class LoginChallenge {
  public static final String BEARER = "Bearer realm=\"backroom\"";

  private LoginChallenge() {}

  /** A browser asking for a page rather than a program calling the API. */
  public static boolean wantsLoginPage(RoutingContext ctx) {
    String path = ctx.normalizedPath();
    String accept = ctx.request().getHeader(HttpHeaderNames.ACCEPT);
    return path != null && !path.startsWith("/api/") && !path.startsWith("/q/")
        && accept != null && accept.contains("text/html");
  }
}
