package dev.backroom.hub.audit;

import io.quarkus.arc.Arc;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * Lets a resource tell the audit log what the path does not: what a request created (the service
 * a POST /api/v1/services made) or, for a login, who logged in. Without a target the audit log
 * takes the path after {@code /api/v1/}.
 */
public final class AuditTarget {
  static final String KEY = "backroom.audit.target";
  static final String ACTOR_KEY = "backroom.audit.actor";
  static final String ERROR_KEY = "backroom.audit.error";
  static final String SKIP_KEY = "backroom.audit.skip";

  private AuditTarget() {}

  public static void set(String target) {
    RoutingContext ctx = current();
    if (ctx != null && target != null) {
      ctx.put(KEY, target.length() > 255 ? target.substring(0, 255) : target);
    }
  }

  /** The request authenticated someone who was anonymous when it arrived (a login). */
  public static void actor(String name, String role, String method) {
    RoutingContext ctx = current();
    if (ctx != null) {
      ctx.put(ACTOR_KEY, new String[] {name, role, method});
    }
  }

  /** Why the request was refused: the error code and message its answer carries. */
  public static void refused(String error, String message) {
    RoutingContext ctx = current();
    if (ctx != null && error != null) {
      ctx.put(ERROR_KEY, new String[] {error, message});
    }
  }

  /**
   * For a route that authenticates by itself (the ECS endpoint's SigV4) and so runs outside
   * the REST layer's request context: who, what, and why refused, on {@code ctx} directly.
   */
  public static void describe(RoutingContext ctx, String actor, String role, String method,
      String target) {
    if (actor != null) {
      ctx.put(ACTOR_KEY, new String[] {actor, role, method});
    }
    if (target != null) {
      ctx.put(KEY, target.length() > 255 ? target.substring(0, 255) : target);
    }
  }

  public static void refused(RoutingContext ctx, String error, String message) {
    ctx.put(ERROR_KEY, new String[] {error, message});
  }

  /**
   * The request changed nothing and was answered: it stays out of the audit log even though
   * its method is POST (an ECS Describe or List call; a waiter polls every few seconds).
   */
  public static void readOnly(RoutingContext ctx) {
    ctx.put(SKIP_KEY, Boolean.TRUE);
  }

  private static RoutingContext current() {
    CurrentVertxRequest current = Arc.container().instance(CurrentVertxRequest.class).get();
    return current == null ? null : current.getCurrent();
  }
}
