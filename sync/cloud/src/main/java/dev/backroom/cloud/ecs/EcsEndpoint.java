package dev.backroom.cloud.ecs;

import dev.backroom.cloud.config.CloudConfig;
import dev.backroom.ecs.keys.AccessKeyGrant;
import dev.backroom.ecs.keys.AccessKeyLookup;
import dev.backroom.ecs.sigv4.ReplayGuard;
import dev.backroom.ecs.sigv4.SecretLookup;
import dev.backroom.ecs.sigv4.SigV4Request;
import dev.backroom.ecs.sigv4.SigV4Verifier;
import dev.backroom.ecs.throttle.RequestRate;
import dev.backroom.ecs.wire.EcsDispatcher;
import dev.backroom.ecs.wire.EcsError;
import dev.backroom.ecs.wire.EcsResponse;
import dev.backroom.ecs.wire.EcsTarget;
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
 * The cloud keeps no audit table of its own: writes and refusals are logged (category
 * {@code dev.backroom.cloud.ecs.EcsEndpoint}) with the request id, operation, key id and owner;
 * successful reads are not (a waiter polls every few seconds).
 */
@ApplicationScoped
public class EcsEndpoint {
  public static final Set<String> PATHS = Set.of("/ecs", "/ecs/");
  private static final Logger LOG = Logger.getLogger(EcsEndpoint.class);
  /** Live signatures remembered for the replay check: 5 minutes of writes at a high rate. */
  private static final int REPLAY_CAPACITY = 100_000;

  @Inject EcsOperations operations;
  @Inject AccessKeyLookup keys;
  @Inject CloudConfig config;
  @Inject Clock clock;

  private SigV4Verifier<AccessKeyGrant> verifier;
  private final ReplayGuard replays = new ReplayGuard(REPLAY_CAPACITY);
  private RequestRate rate;

  @PostConstruct
  void init() {
    SecretLookup<AccessKeyGrant> secrets = id -> keys.find(id, clock.instant())
        .filter(AccessKeyGrant::usable)
        .map(g -> new SecretLookup.AccessSecret<>(g.secretAccessKey(), g));
    verifier = SigV4Verifier.anyRegion(secrets);
    rate = new RequestRate(config.ecs().requestsPerSecond(), config.ecs().burst(), 10_000);
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

  /** Everything but the writing; runs on a worker thread (operations read the database). */
  EcsResponse answer(String requestId, SigV4Request request, Instant now) {
    String target = request.header("x-amz-target").stream().findFirst().orElse(null);
    Optional<EcsDispatcher.Operation<EcsCaller>> operation = operationOf(target);
    String what = "ecs:" + operation.map(EcsDispatcher.Operation::name).orElse("?");
    SigV4Verifier.Verified<AccessKeyGrant> verified;
    try {
      verified = verifier.verify(request, now);
    } catch (EcsError e) {
      return refused(requestId, what, null, e);
    }
    AccessKeyGrant key = verified.principal();
    EcsCaller caller = new EcsCaller(key.accessKeyId(), key.owner(), key.role());
    boolean write = operation.map(o -> o.access() == EcsDispatcher.Access.WRITE).orElse(false);
    try {
      rate.admit(caller.accessKeyId(), now);
      if (ReplayGuard.guards(write, request.body())) {
        replays.admit(verified, now);
      }
    } catch (EcsError e) {
      return refused(requestId, what, caller, e);
    }
    EcsResponse response = operations.dispatcher().dispatch(target, request.body(), caller);
    response.fault().ifPresent(f -> LOG.errorf(f, "ECS %s by %s failed", what, caller.owner()));
    String type = response.headers().get(EcsResponse.ERROR_TYPE_HEADER);
    if (write && ("ServerException".equals(type) || "ThrottlingException".equals(type))) {
      replays.forget(verified.signature()); // the client sends the same signed request again
    }
    if (response.status() >= 400) {
      LOG.infof("ECS request %s: %s by %s (key %s) refused: %s", requestId, what,
          caller.owner(), caller.accessKeyId(), type);
    } else if (write) {
      LOG.infof("ECS request %s: %s by %s (key %s, %s)", requestId, what, caller.owner(),
          caller.accessKeyId(), caller.role());
    }
    return response;
  }

  private Optional<EcsDispatcher.Operation<EcsCaller>> operationOf(String target) {
    try {
      return operations.dispatcher().operation(EcsTarget.parse(target).operation());
    } catch (EcsError e) {
      return Optional.empty(); // the dispatcher refuses it, once the caller is known
    }
  }

  private static EcsResponse refused(String requestId, String what, EcsCaller caller,
      EcsError e) {
    LOG.infof("ECS request %s: %s by %s refused: %s: %s", requestId, what,
        caller == null ? "an unverified caller" : caller.owner() + " (key "
            + caller.accessKeyId() + ")", e.shape(), e.getMessage());
    return EcsResponse.error(e, Optional.empty());
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
   * own request id, and logs it as the endpoint logs its refusals.
   */
  public static void refuseBelow(RoutingContext ctx, int status, EcsError e) {
    String requestId = UUID.randomUUID().toString();
    LOG.infof("ECS request %s: refused before reading it: %s: %s", requestId, e.shape(),
        e.getMessage());
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
