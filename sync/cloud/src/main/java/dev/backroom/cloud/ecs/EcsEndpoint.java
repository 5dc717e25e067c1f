package dev.backroom.cloud.ecs;

import dev.backroom.cloud.audit.CloudAudit;
import dev.backroom.cloud.config.CloudConfig;
import dev.backroom.ecs.keys.AccessKeyGrant;
import dev.backroom.ecs.keys.AccessKeyLookup;
import dev.backroom.ecs.serve.EcsGateway;
import dev.backroom.ecs.sigv4.SecretLookup;
import dev.backroom.ecs.sigv4.SigV4Request;
import dev.backroom.ecs.wire.EcsError;
import dev.backroom.ecs.wire.EcsJson;
import dev.backroom.ecs.wire.EcsResponse;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The Amazon ECS JSON 1.1 protocol at {@code POST /ecs} and {@code /ecs/}: a Vert.x route, not a
 * REST resource, because SigV4 signs the raw path, query, headers and body, and so that the
 * operator's and stores' bearer filters (name-bound to REST resources) never see it. Per
 * request, as on the hub: SigV4 against the cloud's access keys, the key's request rate, a
 * replay check for writes, then the operation; every answer carries {@code x-amzn-RequestId}.
 * Writes and refusals go to the cloud's audit table ({@link CloudAudit}, served at
 * {@code GET /api/v1/audit}) and to the log (category {@code dev.backroom.cloud.ecs.EcsEndpoint})
 * with the request id, operation, key id and owner; successful reads do neither (a waiter polls
 * every few seconds).
 */
@ApplicationScoped
public class EcsEndpoint {
  public static final Set<String> PATHS = Set.of("/ecs", "/ecs/");
  private static final Logger LOG = Logger.getLogger(EcsEndpoint.class);
  @Inject EcsOperations operations;
  @Inject AccessKeyLookup keys;
  @Inject CloudConfig config;
  @Inject Clock clock;
  @Inject CloudAudit audit;

  private EcsGateway<EcsCaller> gateway;

  @PostConstruct
  void init() {
    SecretLookup<AccessKeyGrant> secrets = id -> keys.find(id, clock.instant())
        .filter(AccessKeyGrant::usable)
        .map(g -> new SecretLookup.AccessSecret<>(g.secretAccessKey(), g));
    gateway = new EcsGateway<>(secrets, config.ecs().requestsPerSecond(), config.ecs().burst(),
        operations.dispatcher(), g -> new EcsCaller(g.accessKeyId(), g.owner(), g.role()),
        EcsCaller::accessKeyId);
  }

  void install(@Observes Router router) {
    for (String path : PATHS) {
      // the body limit is the cloud's (quarkus.http.limits.max-body-size), checked before this
      router.post(path).handler(BodyHandler.create(false));
      router.post(path).handler(this::handle);
    }
  }

  private void handle(RoutingContext ctx) {
    Instant now = clock.instant();
    String requestId = UUID.randomUUID().toString();
    ctx.response().putHeader(EcsResponse.REQUEST_ID_HEADER, requestId);
    Buffer body = ctx.body().buffer();
    SigV4Request request = new SigV4Request("POST", ctx.request().path(), ctx.request().query(),
        headers(ctx), body == null ? new byte[0] : body.getBytes());
    ctx.vertx().executeBlocking(() -> answer(requestId, request, now), false)
        .onComplete(done -> write(ctx, done.succeeded() ? done.result()
            : EcsResponse.error(EcsError.server("Internal server error."), Optional.empty())));
  }

  /** The gateway's answer, logged; runs on a worker thread (operations read the database). */
  EcsResponse answer(String requestId, SigV4Request request, Instant now) {
    EcsGateway.Outcome<EcsCaller> o = gateway.answer(request, now);
    String what = "ecs:" + o.operation();
    String who = o.caller().map(c -> c.owner() + " (key " + c.accessKeyId() + ")")
        .orElse("an unverified caller");
    o.response().fault().ifPresent(f -> LOG.errorf(f, "ECS request %s: %s by %s failed",
        requestId, what, who));
    if (o.refused()) {
      LOG.infof("ECS request %s: %s by %s refused: %s", requestId, what, who, o.errorType());
    } else if (o.write()) {
      LOG.infof("ECS request %s: %s by %s, %s", requestId, what, who,
          o.caller().map(EcsCaller::role).orElse("?"));
    }
    if (o.refused() || o.write()) {
      Optional<EcsCaller> c = o.caller();
      record(new CloudAudit.Entry(now, requestId, what, c.map(EcsCaller::accessKeyId).orElse(null),
          c.map(EcsCaller::owner).orElse(null), c.map(EcsCaller::role).orElse(null),
          EcsAuditTarget.of(request.body()), o.response().status(),
          o.refused() ? o.errorType() : null, o.refused() ? message(o.response()) : null));
    }
    return o.response();
  }

  /** Appends to the audit table; a failure there is logged and never changes the answer. */
  private void record(CloudAudit.Entry e) {
    try {
      audit.record(e);
    } catch (RuntimeException ex) {
      LOG.errorf(ex, "ECS request %s: could not be written to the audit table", e.requestId());
    }
  }

  /** The message a refusal carries (never a fault's cause: it has none). */
  private static String message(EcsResponse r) {
    try {
      return EcsJson.mapper().readTree(r.body()).path("message").asText(null);
    } catch (java.io.IOException e) {
      return null;
    }
  }

  private static Map<String, List<String>> headers(RoutingContext ctx) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    ctx.request().headers().forEach(h -> headers.computeIfAbsent(h.getKey(),
        k -> new ArrayList<>()).add(h.getValue()));
    // HTTP/2 carries the host as :authority, which Vert.x keeps apart; SigV4 signs it as host.
    if (headers.keySet().stream().noneMatch("host"::equalsIgnoreCase)
        && ctx.request().authority() != null) {
      headers.put("host", List.of(ctx.request().authority().toString()));
    }
    return headers;
  }

  /**
   * Answers in ECS shape a refusal raised before this route (a body over the limit), with its
   * own request id, and logs and audits it as the endpoint does its refusals. Runs on the event
   * loop, so the audit row is written on a worker.
   */
  public void refuseBelow(RoutingContext ctx, int status, EcsError e) {
    String requestId = UUID.randomUUID().toString();
    Instant now = clock.instant();
    LOG.infof("ECS request %s: refused before reading it: %s: %s", requestId, e.shape(),
        e.getMessage());
    ctx.vertx().executeBlocking(() -> {
      record(new CloudAudit.Entry(now, requestId, "ecs:?", null, null, null, null, status,
          e.shape(), e.getMessage()));
      return null;
    }, false);
    ctx.response().putHeader(EcsResponse.REQUEST_ID_HEADER, requestId);
    EcsResponse r = EcsResponse.error(e, Optional.empty());
    ctx.response().setStatusCode(status);
    r.headers().forEach(ctx.response()::putHeader);
    ctx.response().end(Buffer.buffer(r.body()));
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
