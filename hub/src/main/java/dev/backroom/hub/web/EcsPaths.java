package dev.backroom.hub.web;

import dev.backroom.ecs.wire.EcsError;
import dev.backroom.ecs.wire.EcsResponse;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;
import java.util.UUID;

/**
 * Where the hub serves the Amazon ECS protocol ({@code hub.ecs.EcsEndpoint}): the CLI posts to
 * the {@code --endpoint-url} path as given, other clients add a slash. The web layer knows the
 * paths so that its own refusals there (a body over the limit) come in ECS shape, which the
 * clients can read, and so that session authentication stays out of the way of SigV4.
 */
public final class EcsPaths {
  public static final Set<String> PATHS = Set.of("/ecs", "/ecs/");

  private EcsPaths() {}

  public static boolean is(String rawPath) {
    return rawPath != null && PATHS.contains(rawPath);
  }

  /** Answers a refusal raised below the ECS route in ECS shape. */
  public static void refuse(RoutingContext ctx, int status, String shape, String message) {
    EcsResponse r = EcsResponse.error(EcsError.of(shape, message), java.util.Optional.empty());
    ctx.response().setStatusCode(status);
    r.headers().forEach(ctx.response()::putHeader);
    if (ctx.response().headers().get(EcsResponse.REQUEST_ID_HEADER) == null) {
      ctx.response().putHeader(EcsResponse.REQUEST_ID_HEADER, UUID.randomUUID().toString());
    }
    ctx.response().end(Buffer.buffer(r.body()));
  }
}
