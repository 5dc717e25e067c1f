package dev.backroom.hub.ecs;

import dev.backroom.ecs.keys.AccessKeyGrant;
import dev.backroom.ecs.keys.AccessKeyLookup;
import dev.backroom.ecs.serve.EcsGateway;
import dev.backroom.ecs.sigv4.SecretLookup;
import dev.backroom.ecs.sigv4.SigV4Request;
import dev.backroom.ecs.wire.EcsError;
import dev.backroom.ecs.wire.EcsResponse;
import dev.backroom.hub.audit.AuditTarget;
import dev.backroom.hub.web.EcsPaths;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The Amazon ECS JSON 1.1 protocol at {@code POST /ecs} (and {@code /ecs/}): a Vert.x route, not
 * a REST resource, because SigV4 signs the raw path, query, headers and body, which JAX-RS no
 * longer has. Per request: SigV4 against the hub's access keys, the key's request rate, a
 * replay check for writes, then the operation ({@link EcsOperations}); every answer carries
 * {@code x-amzn-RequestId}. The work runs on a worker thread: operations read and write H2.
 * Writes and refusals reach the audit log with the key's owner and id; successful reads do not
 * (a waiter polls every few seconds).
 */
@ApplicationScoped
public class EcsEndpoint {
  private static final Logger LOG = Logger.getLogger(EcsEndpoint.class);

  @Inject EcsOperations operations;
  @Inject AccessKeyLookup keys;
  @Inject EcsConfig config;

  private EcsGateway<EcsCaller> gateway;

  @PostConstruct
  void init() {
    SecretLookup<AccessKeyGrant> secrets = id -> keys.find(id, Instant.now())
        .filter(AccessKeyGrant::usable)
        .map(g -> new SecretLookup.AccessSecret<>(g.secretAccessKey(), g));
    gateway = new EcsGateway<>(secrets, config.requestsPerSecond(), config.burst(),
        operations.dispatcher(), g -> new EcsCaller(g.accessKeyId(), g.owner(), g.role()),
        EcsCaller::accessKeyId);
  }

  void install(@Observes Router router) {
    for (String path : EcsPaths.PATHS) {
      // the body limit is the hub's (quarkus.http.limits.max-body-size), checked before this
      router.post(path).handler(BodyHandler.create(false));
      router.post(path).handler(this::handle);
    }
  }

  private void handle(RoutingContext ctx) {
    Instant now = Instant.now();
    ctx.response().putHeader(EcsResponse.REQUEST_ID_HEADER, UUID.randomUUID().toString());
    Buffer body = ctx.body().buffer();
    SigV4Request request = new SigV4Request("POST", ctx.request().path(), ctx.request().query(),
        headers(ctx), body == null ? new byte[0] : body.getBytes());
    ctx.vertx().executeBlocking(() -> answer(ctx, request, now), false)
        .onComplete(done -> write(ctx, done.succeeded() ? done.result()
            : EcsResponse.error(EcsError.server("Internal server error."), Optional.empty())));
  }

  /** The gateway's answer, told to the audit log; runs on a worker thread. */
  EcsResponse answer(RoutingContext ctx, SigV4Request request, Instant now) {
    EcsGateway.Outcome<EcsCaller> o = gateway.answer(request, now);
    String what = "ecs:" + o.operation();
    o.response().fault().ifPresent(f -> LOG.errorf(f, "ECS %s by %s failed", what,
        o.caller().map(EcsCaller::owner).orElse("?")));
    o.caller().ifPresentOrElse(
        c -> AuditTarget.describe(ctx, c.owner(), c.role(), "sigv4", what + " key:" + c.accessKeyId()),
        () -> AuditTarget.describe(ctx, null, null, null, what));
    if (o.refused()) {
      AuditTarget.refused(ctx, o.errorType(), refusalMessage(o.response()));
    } else if (!o.write()) {
      AuditTarget.readOnly(ctx);
    }
    return o.response();
  }

  /** The message a refusal carries, for the audit log (never a fault's cause: it has none). */
  private static String refusalMessage(EcsResponse r) {
    try {
      return dev.backroom.ecs.wire.EcsJson.mapper().readTree(r.body()).path("message").asText(null);
    } catch (java.io.IOException e) {
      return null;
    }
  }

  private static Map<String, List<String>> headers(RoutingContext ctx) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    ctx.request().headers().forEach(h -> headers.computeIfAbsent(h.getKey(), k -> new ArrayList<>())
        .add(h.getValue()));
    // HTTP/2 carries the host as :authority, which Vert.x keeps apart; SigV4 signs it as host.
    if (headers.keySet().stream().noneMatch("host"::equalsIgnoreCase)
        && ctx.request().authority() != null) {
      headers.put("host", List.of(ctx.request().authority().toString()));
    }
    return headers;
  }

  private static void write(RoutingContext ctx, EcsResponse response) {
    if (ctx.response().ended()) {
      return;
    }
    ctx.response().setStatusCode(response.status());
    response.headers().forEach(ctx.response()::putHeader);
    ctx.response().end(Buffer.buffer(response.body()));
  }
}
