package dev.backroom.cloud.api;

import dev.backroom.httpguard.LingeringClose;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A declared body over {@code quarkus.http.limits.max-body-size} is answered 413 with the
 * contract's {@code {error, message}}; Quarkus's own body handler would answer it with an empty
 * body. Runs before it; the unread rest of the body is drained before the connection closes
 * ({@link LingeringClose}), so the client reads the answer instead of a reset.
 */
@ApplicationScoped
public class BodyLimitRoute {
  @ConfigProperty(name = "quarkus.http.limits.max-body-size")
  Optional<MemorySize> maxBodySize;

  void install(@Observes Router router) {
    long limit = maxBodySize.map(MemorySize::asLongValue).orElse(Long.MAX_VALUE);
    router.route().order(Integer.MIN_VALUE).handler(ctx -> {
      String declared = ctx.request().getHeader(HttpHeaderNames.CONTENT_LENGTH);
      long length;
      try {
        length = declared == null ? -1 : Long.parseLong(declared.trim());
      } catch (NumberFormatException e) {
        length = -1; // Vert.x refuses a malformed Content-Length itself
      }
      if (length <= limit || ctx.response().ended()) {
        ctx.next();
        return;
      }
      ctx.response().setStatusCode(413).putHeader(HttpHeaderNames.CONNECTION, "close")
          .putHeader(HttpHeaderNames.CONTENT_TYPE, "application/json")
          .end(new JsonObject().put("error", "payload_too_large")
              .put("message", "the request body is over " + limit + " bytes").encode());
      LingeringClose.after(ctx.vertx(), ctx.request());
    });
  }
}
