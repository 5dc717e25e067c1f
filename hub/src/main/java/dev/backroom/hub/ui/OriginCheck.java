package dev.backroom.hub.ui;

import dev.backroom.config.json.Json;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Refuses, with 403 and a JSON body, every WebSocket handshake whose {@code Origin} is not the
 * hub's own ({@link Origins}), before any endpoint (or authentication) sees it. It looks at the
 * handshake headers, not at the path: every WebSocket the hub serves is a UI socket, and a rule
 * keyed on paths could be dodged with path tricks the router normalises differently.
 */
@ApplicationScoped
public class OriginCheck {
  private static final Logger LOG = Logger.getLogger(OriginCheck.class);

  @Inject UiConfig config;
  @Inject MeterRegistry meters;

  void install(@Observes Router router) {
    // Right after the audit recorder (Integer.MIN_VALUE), so a refused handshake is audited.
    router.route().order(Integer.MIN_VALUE + 1).handler(this::check);
  }

  private void check(RoutingContext ctx) {
    HttpServerRequest r = ctx.request();
    if (!isWebSocketHandshake(r)) {
      ctx.next();
      return;
    }
    Optional<String> refusal = Origins.refusal(r.getHeader("Origin"), r.isSSL(),
        r.getHeader("Host"), config.allowedOrigins().orElse(List.of()));
    if (refusal.isEmpty()) {
      ctx.next();
      return;
    }
    meters.counter("backroom.ui.dropped", "reason", "foreign_origin").increment();
    LOG.debugf("refused a WebSocket handshake on %s: %s", r.path(), refusal.get());
    String body = Json.mapper().createObjectNode().put("error", "forbidden_origin")
        .put("message", refusal.get() + "; add it to backroom.ui.allowed-origins if the hub is"
            + " reached through a proxy at that address").toString();
    ctx.response().setStatusCode(403).putHeader("Content-Type", "application/json")
        .putHeader("Cache-Control", "no-store").end(body);
  }

  /** An upgrade to WebSocket by any of the headers a handshake carries, in any letter case. */
  static boolean isWebSocketHandshake(HttpServerRequest r) {
    String upgrade = r.getHeader("Upgrade");
    return upgrade != null && upgrade.toLowerCase(java.util.Locale.ROOT).contains("websocket")
        || r.getHeader("Sec-WebSocket-Key") != null
        || r.getHeader("Sec-WebSocket-Version") != null;
  }
}
