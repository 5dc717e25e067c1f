package dev.backroom.soak.extra;

import dev.backroom.harness.TcpProxy;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;

/**
 * The hub's link to the cloud failing the ways a store's WAN does, through the {@link TcpProxy}
 * the hub's cloud URL points at (enrol the hub with {@code link.url()}, as the e2e tests do):
 * <ul>
 *   <li>{@link Kind#REFUSED}: live connections reset, new ones refused (a cloud or route that is
 *       down and says so);
 *   <li>{@link Kind#BLACKHOLE}: live connections dropped, new ones accepted and never answered
 *       (a dead route: the hub learns only from its own timeouts);
 *   <li>{@link Kind#STALLED}: live connections stay open, bytes are accepted and never delivered
 *       either way, new ones the same (a link that is up and carries nothing);
 *   <li>{@link Kind#SLOW}: every chunk delayed by a latency and the rate throttled (a congested
 *       or metered link).
 * </ul>
 * One fault at a time: {@link #inject} replaces the active one, {@link #heal} ends it (the proxy
 * resets connections that a stall or black hole left with holes, so the hub retries at once).
 * {@link #injected()} counts injections by kind for soak.json. A slow link's parameters come from
 * {@link #inject(Kind, Random)} (seeded) or {@link #slow(Duration, long)}.
 */
public final class CloudLinkFault {
  public enum Kind { REFUSED, BLACKHOLE, STALLED, SLOW }

  private final TcpProxy link;
  private final Map<Kind, Integer> injected = new EnumMap<>(Kind.class);
  private Kind active;

  public CloudLinkFault(TcpProxy link) {
    this.link = link;
  }

  /** Injects kind; a slow link gets 200 ms to 2 s of latency and 2 to 64 KiB/s from random. */
  public synchronized void inject(Kind kind, Random random) {
    if (kind == Kind.SLOW) {
      slow(Duration.ofMillis(200 + random.nextInt(1_800)), 2_048L << random.nextInt(6));
    } else {
      inject(kind);
    }
  }

  /** Injects REFUSED, BLACKHOLE or STALLED; SLOW needs its figures ({@link #slow}). */
  public synchronized void inject(Kind kind) {
    heal();
    switch (kind) {
      case REFUSED -> link.cut(TcpProxy.Mode.RESET);
      case BLACKHOLE -> link.cut(TcpProxy.Mode.BLACKHOLE);
      case STALLED -> link.stallAll();
      case SLOW -> throw new IllegalArgumentException("a slow link needs latency and rate: slow(...)");
    }
    activate(kind);
  }

  /** A slow link: latency on every chunk each way, at most bytesPerSecond (0: no limit). */
  public synchronized void slow(Duration latency, long bytesPerSecond) {
    heal();
    link.slow(latency, bytesPerSecond);
    activate(Kind.SLOW);
  }

  private void activate(Kind kind) {
    active = kind;
    injected.merge(kind, 1, Integer::sum);
  }

  /** Ends the active fault, if any; idempotent. */
  public synchronized void heal() {
    link.clearSlow();
    link.restore();
    active = null;
  }

  /** The active fault, or null. */
  public synchronized Kind active() {
    return active;
  }

  public synchronized Map<Kind, Integer> injected() {
    return Map.copyOf(injected);
  }
}
