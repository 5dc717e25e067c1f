package dev.backroom.hub.auth;

import dev.backroom.hub.web.ApiError;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Set;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.core.ResteasyReactiveRequestContext;
import org.jboss.resteasy.reactive.server.spi.ResteasyReactiveContainerRequestContext;

/**
 * A state-changing request authenticated by the session cookie must carry the session's CSRF
 * token, as header {@code X-CSRF-Token} or form field {@code _csrf}; otherwise 403. Bearer
 * requests need none: a browser never adds that header on its own. SameSite=Strict already keeps
 * the cookie off cross-site requests; this is the second lock.
 */
public class CsrfFilter {
  public static final String HEADER = "X-CSRF-Token";
  public static final String FORM_FIELD = "_csrf";
  private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");

  @Inject SecurityIdentity identity;

  // readBody: the form, if any, is parsed first, so that _csrf can be read here.
  @ServerRequestFilter(readBody = true)
  public Response check(ResteasyReactiveContainerRequestContext ctx) {
    if (SAFE.contains(ctx.getMethod())) {
      return null;
    }
    SessionStore.Session session = SessionStore.of(identity);
    if (session == null) {
      return null;
    }
    String given = ctx.getHeaderString(HEADER);
    if (given == null && ctx.getMediaType() != null
        && ctx.getMediaType().isCompatible(MediaType.APPLICATION_FORM_URLENCODED_TYPE)) {
      Object form = ((ResteasyReactiveRequestContext) ctx.getServerRequestContext())
          .getFormParameter(FORM_FIELD, true, false);
      given = form == null ? null : form.toString();
    }
    if (given != null && Secrets.sameDigest(Secrets.sha256(given), Secrets.sha256(session.csrfToken()))) {
      return null;
    }
    return Response.status(403).type(MediaType.APPLICATION_JSON)
        .entity(ApiError.of("csrf_refused", "missing or wrong CSRF token (header " + HEADER
            + " or form field " + FORM_FIELD + ")")).build();
  }
}
