package dev.backroom.ecs.throttle;

import dev.backroom.ecs.wire.EcsError;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A token bucket per caller (an access key): {@code perSecond} requests a second on average,
 * {@code burst} at once. Over it, {@link #admit} throws ThrottlingException, which the CLI and SDKs
 * retry with backoff, so a waiter polling at its own pace is never refused while a runaway loop
 * is. Memory is bounded: the least recently seen callers are forgotten first (a forgotten caller
 * starts with a full bucket, which is the worst it can gain). Pure apart from its own state;
 * the clock is the caller's.
 */
public final class RequestRate {
    private final double perSecond;
    private final double burst;
    private final int maxCallers;
    /** Per caller: tokens, and the instant they were counted at in epoch nanoseconds. */
    private final Map<String, Bucket> buckets;

    private static final class Bucket {
        double tokens;
        long atNanos;

        Bucket(double tokens, long atNanos) {
            this.tokens = tokens;
            this.atNanos = atNanos;
        }
    }

    public RequestRate(double perSecond, int burst, int maxCallers) {
        if (perSecond <= 0 || burst < 1 || maxCallers < 1) {
            throw new IllegalArgumentException("rate, burst and callers must be positive");
        }
        this.perSecond = perSecond;
        this.burst = burst;
        this.maxCallers = maxCallers;
        this.buckets = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
                return size() > RequestRate.this.maxCallers;
            }
        };
    }

    /** Takes one token of {@code caller}'s bucket at {@code now}, or throws ThrottlingException. */
    public synchronized void admit(String caller, Instant now) {
        // Nanoseconds as a long, not seconds as a double: an epoch-seconds double keeps only
        // about 0.2 microseconds, enough to leave a poller at exactly the rate a hair short.
        long nowNanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        Bucket b = buckets.computeIfAbsent(caller, k -> new Bucket(burst, nowNanos));
        long elapsed = Math.max(0, nowNanos - b.atNanos);
        b.tokens = Math.min(burst, b.tokens + elapsed / 1e9 * perSecond);
        b.atNanos = Math.max(b.atNanos, nowNanos);
        if (b.tokens < 1 - 1e-9) {
            long waitMs = (long) Math.ceil((1 - b.tokens) / perSecond * 1000);
            throw EcsError.throttling("Rate exceeded: over " + format(perSecond)
                    + " requests a second (burst " + (int) burst + ") for this access key; retry in "
                    + waitMs + " ms.");
        }
        b.tokens = Math.max(0, b.tokens - 1);
    }

    private static String format(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }
}
