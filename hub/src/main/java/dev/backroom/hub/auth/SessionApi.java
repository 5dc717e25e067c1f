package dev.backroom.hub.auth;

import dev.backroom.hub.audit.AuditTarget;
import dev.backroom.hub.web.ApiError;
import dev.backroom.hub.web.Caller;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;

/**
 * JSON login for scripts and single-page UIs ({@code POST /api/v1/login}), the current session
 * ({@code GET /api/v1/session}).
 */
@Path("/api/v1")
public class SessionApi {
  @Inject Logins logins;
  @Inject SessionStore sessions;
  @Inject SecurityIdentity identity;

  public record Credentials(String username, String password) {}

  /** {@code csrfToken} is null for a bearer token, which needs none. */
  public record SessionView(String username, String role, String csrfToken, String authMethod) {}

  @POST
  @Path("login")
  @PermitAll
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  public Response login(Credentials body, @Context HttpServerRequest request) {
    Credentials c = body == null ? new Credentials(null, null) : body;
    AuditTarget.set("user " + c.username());
    Logins.Outcome o = logins.attempt(c.username(), c.password(), LoginPage.remote(request),
        Instant.now());
    if (o instanceof Logins.Ok ok) {
      AuditTarget.actor(ok.caller().name(), ok.caller().role(), Caller.SESSION);
      return Response.ok(new SessionView(ok.caller().name(), ok.caller().role(), ok.csrfToken(),
              Caller.SESSION))
          .header(HttpHeaders.SET_COOKIE, SessionCookie.set(ok.cookie(), request.isSSL()))
          .header(HttpHeaders.CACHE_CONTROL, "no-store").build();
    }
    if (o instanceof Logins.Throttled t) {
      return Response.status(429).header("Retry-After", t.retryAfterSeconds())
          .type(MediaType.APPLICATION_JSON).entity(ApiError.of("too_many_attempts",
              "too many failed logins; retry after " + t.retryAfterSeconds() + " s")).build();
    }
    return Response.status(401).type(MediaType.APPLICATION_JSON)
        .entity(ApiError.of("login_failed", "wrong username or password")).build();
  }

  @GET
  @Path("session")
  @Authenticated
  @Produces(MediaType.APPLICATION_JSON)
  public SessionView session() {
    Caller c = Caller.of(identity);
    SessionStore.Session s = SessionStore.of(identity);
    return new SessionView(c.name(), c.role(), s == null ? null : s.csrfToken(), c.method());
  }
}
