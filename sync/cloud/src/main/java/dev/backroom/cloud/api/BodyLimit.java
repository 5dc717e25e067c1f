package dev.backroom.cloud.api;

import dev.backroom.cloud.ecs.EcsEndpoint;
import dev.backroom.ecs.wire.EcsError;
import dev.backroom.httpguard.BodyLimitRoute;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A declared body over {@code quarkus.http.limits.max-body-size} is answered 413 with the
 * contract's {@code {error, message}} ({@link BodyLimitRoute}, before Quarkus's own body handler,
 * which would answer with an empty body). On {@code /ecs} the refusal is ECS's instead: a 400-class
 * {@code ClientException} body with {@code x-amzn-ErrorType} and {@code x-amzn-RequestId}, status
 * 413, which the AWS CLI and SDKs read as an error they do not retry.
 */
@ApplicationScoped
public class BodyLimit {
  @ConfigProperty(name = "quarkus.http.limits.max-body-size")
  Optional<MemorySize> maxBodySize;

  @Inject EcsEndpoint ecs;

  void install(@Observes Router router) {
    long limit = maxBodySize.map(MemorySize::asLongValue).orElse(Long.MAX_VALUE);
    BodyLimitRoute.install(router, limit, ctx -> {
      if (EcsEndpoint.PATHS.contains(ctx.request().path())) {
        ecs.refuseBelow(ctx, 413, EcsError.client("Request body over the cloud's limit"
            + " of " + limit + " bytes (quarkus.http.limits.max-body-size)."));
        return;
      }
      ctx.response().setStatusCode(413)
        .putHeader(HttpHeaderNames.CONTENT_TYPE, "application/json")
        .end(new JsonObject().put("error", "payload_too_large")
            .put("message", "the request body is over " + limit + " bytes").encode());
    });
  }
}
