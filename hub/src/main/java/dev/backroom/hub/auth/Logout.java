package dev.backroom.hub.auth;

import io.quarkus.security.Authenticated;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.net.URI;

/** {@code POST /logout}; with the cookie it is a mutation like any other, so it needs the CSRF token. */
@Path("/logout")
public class Logout {
  @Inject SessionStore sessions;

  /** Ends the cookie's session; a browser is sent to the login page, a program gets 204. */
  @POST
  @Authenticated
  public Response logout(@Context HttpServerRequest request, @Context HttpHeaders headers) {
    io.vertx.core.http.Cookie cookie = request.getCookie(SessionStore.COOKIE);
    if (cookie != null) {
      sessions.remove(cookie.getValue());
    }
    String accept = headers.getHeaderString(HttpHeaders.ACCEPT);
    Response.ResponseBuilder r = accept != null && accept.contains("text/html")
        ? Response.seeOther(URI.create("/login")) : Response.noContent();
    return r.header(HttpHeaders.SET_COOKIE, SessionCookie.clear(request.isSSL())).build();
  }
}
