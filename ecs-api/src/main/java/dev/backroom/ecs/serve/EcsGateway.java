package dev.backroom.ecs.serve;

import dev.backroom.ecs.keys.AccessKeyGrant;
import dev.backroom.ecs.sigv4.ReplayGuard;
import dev.backroom.ecs.sigv4.SecretLookup;
import dev.backroom.ecs.sigv4.SigV4Request;
import dev.backroom.ecs.sigv4.SigV4Verifier;
import dev.backroom.ecs.throttle.RequestRate;
import dev.backroom.ecs.wire.EcsDispatcher;
import dev.backroom.ecs.wire.EcsError;
import dev.backroom.ecs.wire.EcsResponse;
import dev.backroom.ecs.wire.EcsTarget;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;

/**
 * One signed ECS request from its bytes to its answer, the same on the hub and on the cloud:
 * SigV4 against the app's access keys, the key's request rate, the replay check for writes
 * ({@link ReplayGuard#guards}), then the operation. What the app records of it (the hub's audit
 * log, the cloud's log) it reads from the {@link Outcome}. Pure apart from the rate's and the
 * replay guard's memory; {@code now} is an argument.
 *
 * @param <C> the app's caller, made from a verified key
 */
public final class EcsGateway<C> {
    /** Live signatures remembered for the replay check: 5 minutes of writes at a high rate. */
    static final int REPLAY_CAPACITY = 100_000;
    /** Access keys whose request rate is remembered at once. */
    static final int RATE_CALLERS = 10_000;

    /**
     * What became of a request.
     *
     * @param operation the operation the target names, {@code ?} when none is served
     * @param caller who signed it, empty when the signature was refused
     * @param write whether the operation changes state
     */
    public record Outcome<C>(EcsResponse response, String operation, Optional<C> caller, boolean write) {
        /** The error shape of a refusal, null for an answer. */
        public String errorType() {
            return response.headers().get(EcsResponse.ERROR_TYPE_HEADER);
        }

        /** Whether the answer refuses the request (any 4xx or 5xx). */
        public boolean refused() {
            return response.status() >= 400;
        }
    }

    private final SigV4Verifier<AccessKeyGrant> verifier;
    private final RequestRate rate;
    private final ReplayGuard replays = new ReplayGuard(REPLAY_CAPACITY);
    private final EcsDispatcher<C> dispatcher;
    private final Function<AccessKeyGrant, C> callers;
    private final Function<C, String> keyIdOf;

    /**
     * @param secrets the app's usable keys (unknown, disabled and expired ones absent)
     * @param callers the app's caller for a verified key
     * @param keyIdOf the access key id of a caller: the unit of the request rate
     */
    public EcsGateway(SecretLookup<AccessKeyGrant> secrets, double requestsPerSecond, int burst,
            EcsDispatcher<C> dispatcher, Function<AccessKeyGrant, C> callers, Function<C, String> keyIdOf) {
        this.verifier = SigV4Verifier.anyRegion(secrets);
        this.rate = new RequestRate(requestsPerSecond, burst, RATE_CALLERS);
        this.dispatcher = dispatcher;
        this.callers = callers;
        this.keyIdOf = keyIdOf;
    }

    public Outcome<C> answer(SigV4Request request, Instant now) {
        String target = request.header("x-amz-target").stream().findFirst().orElse(null);
        Optional<EcsDispatcher.Operation<C>> operation = operationOf(target);
        String name = operation.map(EcsDispatcher.Operation::name).orElse("?");
        boolean write = operation.map(o -> o.access() == EcsDispatcher.Access.WRITE).orElse(false);
        SigV4Verifier.Verified<AccessKeyGrant> verified;
        try {
            verified = verifier.verify(request, now);
        } catch (EcsError e) {
            return new Outcome<>(EcsResponse.error(e, Optional.empty()), name, Optional.empty(), write);
        }
        C caller = callers.apply(verified.principal());
        try {
            rate.admit(keyIdOf.apply(caller), now);
            if (ReplayGuard.guards(write, request.body())) {
                replays.admit(verified, now);
            }
        } catch (EcsError e) {
            return new Outcome<>(EcsResponse.error(e, Optional.empty()), name, Optional.of(caller), write);
        }
        EcsResponse response = dispatcher.dispatch(target, request.body(), caller);
        String type = response.headers().get(EcsResponse.ERROR_TYPE_HEADER);
        if (write && ("ServerException".equals(type) || "ThrottlingException".equals(type))) {
            replays.forget(verified.signature()); // the client sends the same signed request again
        }
        return new Outcome<>(response, name, Optional.of(caller), write);
    }

    private Optional<EcsDispatcher.Operation<C>> operationOf(String target) {
        try {
            return dispatcher.operation(EcsTarget.parse(target).operation());
        } catch (EcsError e) {
            return Optional.empty(); // the dispatcher refuses it, once the caller is known
        }
    }
}
