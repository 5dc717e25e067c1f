package dev.backroom.ecs.throttle;

import dev.backroom.ecs.wire.EcsError;
import java.time.Duration;
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
    private final Map<String, double[]> buckets;

    public RequestRate(double perSecond, int burst, int maxCallers) {
        if (perSecond <= 0 || burst < 1 || maxCallers < 1) {
            throw new IllegalArgumentException("rate, burst and callers must be positive");
        }
        this.perSecond = perSecond;
        this.burst = burst;
        this.maxCallers = maxCallers;
        this.buckets = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, double[]> eldest) {
                return size() > RequestRate.this.maxCallers;
            }
        };
    }

    /** Takes one token of {@code caller}'s bucket at {@code now}, or throws ThrottlingException. */
    public synchronized void admit(String caller, Instant now) {
        double nowSeconds = now.getEpochSecond() + now.getNano() / 1e9;
        double[] b = buckets.computeIfAbsent(caller, k -> new double[] {burst, nowSeconds});
        double elapsed = Math.max(0, nowSeconds - b[1]);
        b[0] = Math.min(burst, b[0] + elapsed * perSecond);
        b[1] = Math.max(b[1], nowSeconds);
        if (b[0] < 1) {
            long waitMs = (long) Math.ceil((1 - b[0]) / perSecond * 1000);
            throw EcsError.throttling("Rate exceeded: over " + format(perSecond)
                    + " requests a second (burst " + (int) burst + ") for this access key; retry in "
                    + Duration.ofMillis(waitMs).toMillis() + " ms.");
        }
        b[0] -= 1;
    }

    private static String format(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }
}
