package dev.backroom.cloud.api;

import dev.backroom.httpguard.BodyLimitRoute;
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
 * contract's {@code {error, message}} ({@link BodyLimitRoute}, before Quarkus's own body handler,
 * which would answer with an empty body).
 */
@ApplicationScoped
public class BodyLimit {
  @ConfigProperty(name = "quarkus.http.limits.max-body-size")
  Optional<MemorySize> maxBodySize;

  void install(@Observes Router router) {
    long limit = maxBodySize.map(MemorySize::asLongValue).orElse(Long.MAX_VALUE);
    BodyLimitRoute.install(router, limit, ctx -> ctx.response().setStatusCode(413)
        .putHeader(HttpHeaderNames.CONTENT_TYPE, "application/json")
        .end(new JsonObject().put("error", "payload_too_large")
            .put("message", "the request body is over " + limit + " bytes").encode()));
  }
}
