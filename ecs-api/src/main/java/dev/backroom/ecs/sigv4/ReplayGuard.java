package dev.backroom.ecs.sigv4;

import dev.backroom.ecs.wire.EcsError;
import dev.backroom.ecs.wire.EcsJson;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Refuses a verified signature seen before while it could still pass {@link SigV4Verifier}'s skew
 * check: a captured request replayed inside the window. After the window the verifier refuses it
 * as expired, so a signature is remembered until {@code signedAt + MAX_SKEW} and no longer.
 *
 * <p>Memory is bounded by {@code capacity}. When it is full of live signatures the guard refuses
 * new requests with ThrottlingException (clients retry it with backoff) rather than forget a live
 * signature: failing closed keeps the promise that no replay passes.
 *
 * <p>A signature is a function of the signed headers and the body only. botocore (the AWS CLI)
 * signs {@code content-type;host;x-amz-date;x-amz-target} with a one-second {@code X-Amz-Date}
 * and no nonce, so two identical calls in one second, and its retry of a call that failed, carry
 * the same signature. Hence {@link #forget}: call it when the answer was one the client retries
 * unchanged (ServerException, ThrottlingException), so the retry is not refused as a replay. And
 * the HTTP layer should guard the operations that change state: a repeated read changes nothing,
 * while two identical polls in one second (a waiter, two pipeline jobs) are ordinary. The Java SDK
 * v2 signs a fresh {@code amz-sdk-invocation-id}, so its requests never collide.
 *
 * <p>Thread-safe; {@code now} is an argument.
 */
public final class ReplayGuard {

    private record Entry(String signature, Instant forgetAt) {
    }

    private final int capacity;
    private final Map<String, Instant> live = new HashMap<>();
    private final PriorityQueue<Entry> byExpiry = new PriorityQueue<>((a, b) -> a.forgetAt().compareTo(b.forgetAt()));

    /**
     * Whether a request is one to guard: a write, unless its body carries a {@code clientToken}.
     * Such a request (RunTask, CreateService) is idempotent by its token: sent again, it answers
     * what it answered the first time and changes nothing, and its sender may well send it again
     * within the same second (a retry after a timeout, which botocore signs identically), so
     * refusing it as a replay would break the very retry the token exists for. A body that does
     * not parse is guarded (the dispatcher refuses it anyway).
     */
    public static boolean guards(boolean write, byte[] body) {
        if (!write) {
            return false;
        }
        try {
            return !EcsJson.readRequest(body).hasNonNull("clientToken");
        } catch (EcsError e) {
            return true;
        }
    }

    public ReplayGuard(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive, got " + capacity);
        }
        this.capacity = capacity;
    }

    /**
     * Admits a verified signature once.
     *
     * @throws EcsError InvalidSignatureException for a signature already admitted and still live;
     *     ThrottlingException when the guard is full of live signatures
     */
    public synchronized void admit(SigV4Verifier.Verified<?> verified, Instant now) {
        expire(now);
        String signature = verified.signature();
        if (live.containsKey(signature)) {
            throw EcsError.of("InvalidSignatureException", "Signature already used: this signed request was "
                    + "received before. Sign each request anew.");
        }
        // The queue, not the map, is the memory: it also holds forgotten signatures until they expire.
        if (byExpiry.size() >= capacity) {
            throw EcsError.throttling("Rate exceeded: too many signed requests in the last "
                    + SigV4Verifier.MAX_SKEW.toMinutes() + " minutes.");
        }
        Instant forgetAt = verified.signedAt().plus(SigV4Verifier.MAX_SKEW);
        live.put(signature, forgetAt);
        byExpiry.add(new Entry(signature, forgetAt));
    }

    /** Lets the same signature in once more: the answer to it was one the client retries unchanged. */
    public synchronized void forget(String signature) {
        live.remove(signature);
        // Its queue entry stays, counted against the capacity, until it expires.
    }

    /** Live signatures remembered now (for tests and metrics). */
    public synchronized int size(Instant now) {
        expire(now);
        return live.size();
    }

    private void expire(Instant now) {
        while (!byExpiry.isEmpty() && byExpiry.peek().forgetAt().isBefore(now)) {
            Entry gone = byExpiry.poll();
            live.remove(gone.signature(), gone.forgetAt());
        }
    }
}
