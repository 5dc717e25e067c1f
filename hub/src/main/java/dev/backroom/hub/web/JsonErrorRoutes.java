package dev.backroom.hub.web;

import dev.backroom.httpguard.BodyLimitRoute;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import io.quarkus.runtime.configuration.MemorySize;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refusals Vert.x raises before or outside the REST layer get the same JSON body as the rest:
 * a body over {@code quarkus.http.limits.max-body-size} (413), a path no route serves (404), a
 * method no route takes (405), an over-long URI or header (414, 431). Without this they are
 * empty answers that a program cannot tell apart.
 */
@ApplicationScoped
public class JsonErrorRoutes {
  static final int[] STATUSES = {400, 404, 405, 406, 413, 414, 415, 431};

  @ConfigProperty(name = "quarkus.http.limits.max-body-size")
  Optional<MemorySize> maxBodySize;

  void install(@Observes Router router) {
    for (int status : STATUSES) {
      router.errorHandler(status, ctx -> answer(ctx, status));
    }
    // Quarkus's body handler answers a declared length over the limit with a bare 413 itself;
    // this route runs first and answers it with a body (a chunked body over the limit fails
    // inside the handler and reaches the 413 error handler above).
    BodyLimitRoute.install(router, maxBodySize.map(MemorySize::asLongValue).orElse(Long.MAX_VALUE),
        ctx -> answer(ctx, 413));
  }

  static void answer(RoutingContext ctx, int status) {
    HttpServerResponse r = ctx.response();
    if (r.ended()) {
      return;
    }
    if (r.headWritten()) {
      r.end();
      return;
    }
    if (EcsPaths.is(ctx.request().path())) {
      EcsPaths.refuse(ctx, status, status == 413 ? "ClientException" : "InvalidParameterException",
          status == 413 ? "Request body over the hub's limit (quarkus.http.limits.max-body-size)."
              : ApiError.messageOf(status));
      return;
    }
    r.setStatusCode(status).putHeader(HttpHeaderNames.CONTENT_TYPE, "application/json")
        .end(new JsonObject().put("error", ApiError.codeOf(status))
            .put("message", ApiError.messageOf(status)).encode());
  }
}
