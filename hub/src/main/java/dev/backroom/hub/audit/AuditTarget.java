package dev.backroom.hub.audit;

import io.quarkus.arc.Arc;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * Lets a resource name what a request changed when the path does not say it, e.g. the service a
 * POST /api/v1/services created. Without it the audit log takes the path after {@code /api/v1/}.
 */
public final class AuditTarget {
  static final String KEY = "backroom.audit.target";

  private AuditTarget() {}

  public static void set(String target) {
    CurrentVertxRequest current = Arc.container().instance(CurrentVertxRequest.class).get();
    RoutingContext ctx = current == null ? null : current.getCurrent();
    if (ctx != null && target != null) {
      ctx.put(KEY, target.length() > 255 ? target.substring(0, 255) : target);
    }
  }
}
