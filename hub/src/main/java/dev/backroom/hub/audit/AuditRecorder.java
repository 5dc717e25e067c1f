package dev.backroom.hub.audit;

import dev.backroom.hub.web.ApiError;
import dev.backroom.hub.web.Caller;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Set;

/**
 * Puts every state-changing HTTP request (any method but GET, HEAD, OPTIONS; health and metrics
 * aside) in the audit log once its answer is sent, whatever the answer: a refused attempt is as
 * much on record as a change. Registered first on the router, so it sees requests that
 * authentication or authorization turn away.
 */
@ApplicationScoped
public class AuditRecorder {
  private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");

  @Inject AuditLog log;

  void install(@Observes Router router) {
    router.route().order(Integer.MIN_VALUE).handler(this::observe);
  }

  private void observe(RoutingContext ctx) {
    String method = ctx.request().method().name();
    String path = ctx.normalizedPath();
    if (!SAFE.contains(method) && !path.startsWith("/q/")) {
      Instant at = Instant.now();
      String remote = ctx.request().remoteAddress() == null ? null
          : ctx.request().remoteAddress().hostAddress();
      ctx.addEndHandler(done -> {
        if (ctx.get(AuditTarget.SKIP_KEY) == null) {
          log.append(entry(ctx, at, method, path, remote));
        }
      });
    }
    ctx.next();
  }

  static AuditEntry entry(RoutingContext ctx, Instant at, String method, String path,
      String remote) {
    String actor = "anonymous";
    String role = null;
    String how = "none";
    String[] claimed = ctx.get(AuditTarget.ACTOR_KEY);
    if (claimed != null) {
      actor = claimed[0];
      role = claimed[1];
      how = claimed[2];
    } else if (ctx.user() instanceof QuarkusHttpUser user) {
      SecurityIdentity id = user.getSecurityIdentity();
      Caller c = Caller.of(id);
      if (c != null) {
        actor = c.name();
        role = c.role();
        how = c.method();
      }
    }
    String target = ctx.get(AuditTarget.KEY);
    if (target == null) {
      target = path.startsWith("/api/v1/") ? path.substring("/api/v1/".length()) : path;
    }
    int status = ctx.response().getStatusCode();
    String error = null;
    String message = null;
    if (status >= 400) {
      String[] said = ctx.get(AuditTarget.ERROR_KEY);
      // Refusals written below the REST layer (the 401 challenge, JsonErrorRoutes) carry the
      // code of their status, which is what their body says.
      error = said != null ? said[0] : ApiError.codeOf(status);
      message = said != null ? said[1] : null;
    }
    return new AuditEntry(0, at, actor, role, how, method, path, target, remote, status, error,
        message);
  }
}
