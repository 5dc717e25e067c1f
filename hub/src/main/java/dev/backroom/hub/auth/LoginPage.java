package dev.backroom.hub.auth;

import dev.backroom.hub.web.ReturnTo;
import dev.backroom.hub.web.ApiError;
import dev.backroom.hub.audit.AuditTarget;
import dev.backroom.hub.web.Caller;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Instant;

/**
 * The browser login: {@code GET /login} shows a bare form (the UI restyles it), {@code POST /login}
 * checks it, sets the session cookie and redirects to the page the browser was sent here from
 * ({@code next}, a local path only: {@link ReturnTo}) or else to {@code /}.
 */
@Path("/login")
@PermitAll
public class LoginPage {
  @Inject Logins logins;

  @GET
  @Produces(MediaType.TEXT_HTML)
  public Response page(@QueryParam("next") String next) {
    return html(200, null, next);
  }

  @POST
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  @Produces(MediaType.TEXT_HTML)
  public Response login(@FormParam("username") String username,
      @FormParam("password") String password, @FormParam("next") String next,
      @Context HttpServerRequest request) {
    AuditTarget.set("user " + username);
    Logins.Outcome o = logins.attempt(username, password, remote(request), Instant.now());
    if (o instanceof Logins.Ok ok) {
      AuditTarget.actor(ok.caller().name(), ok.caller().role(), Caller.SESSION);
      return Response.seeOther(URI.create(ReturnTo.target(next)))
          .header(HttpHeaders.SET_COOKIE, SessionCookie.set(ok.cookie(), request.isSSL()))
          .header(HttpHeaders.CACHE_CONTROL, "no-store").build();
    }
    if (o instanceof Logins.Throttled t) {
      AuditTarget.refused(ApiError.codeOf(429), "too many failed logins from this address");
      return Response.fromResponse(html(429, "Too many failed attempts. Try again in "
          + t.retryAfterSeconds() + " s.", next)).header("Retry-After", t.retryAfterSeconds())
          .build();
    }
    AuditTarget.refused(ApiError.codeOf(401), "wrong username or password");
    return html(401, "Wrong username or password.", next);
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;")
        .replace(">", "&gt;").replace("'", "&#39;");
  }

  static String remote(HttpServerRequest request) {
    return request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
  }

  private static Response html(int status, String error, String next) {
    String message = error == null ? "" : "<p class=\"bad\" role=\"alert\">" + error + "</p>\n";
    // Only a target the POST would follow is carried on, escaped for the attribute.
    String hidden = ReturnTo.isLocal(next)
        ? "<input type=\"hidden\" name=\"next\" value=\"" + escape(next) + "\">\n" : "";
    // Styled by the UI's own stylesheet (hub.ui), served by the hub: no inline style, no CDN.
    String body = """
        <!doctype html>
        <html lang="en">
        <head><meta charset="utf-8"><title>Backroom hub: sign in</title>
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <link rel="stylesheet" href="/ui/app.css"></head>
        <body>
        <header class="top"><span class="brand">Backroom</span></header>
        <main class="login">
        <section class="card">
        <h1>Sign in to this store's hub</h1>
        %s<form method="post" action="/login">
        %s<label>Username <input name="username" autocomplete="username" required autofocus></label>
        <label>Password <input name="password" type="password" autocomplete="current-password" required></label>
        <button type="submit">Sign in</button>
        </form>
        </section>
        </main>
        </body>
        </html>
        """.formatted(message, hidden);
    return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).entity(body)
        .header(HttpHeaders.CACHE_CONTROL, "no-store")
        .header("Content-Security-Policy",
            "default-src 'none'; style-src 'self'; form-action 'self'; frame-ancestors 'none'")
        .build();
  }
}
