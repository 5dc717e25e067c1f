package dev.backroom.sync.outbox;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How long a stream's messages may wait and how hard they hold on when the outbox is full
 * ({@code backroom.telemetry.streams."<stream>".priority} and {@code .ttl}).
 *
 * @param priority higher is kept longer; default 0, may be negative
 * @param ttl positive; default 7 days
 */
public record StreamPolicy(int priority, Duration ttl) {
  public static final StreamPolicy DEFAULT = new StreamPolicy(0, Duration.ofDays(7));

  public StreamPolicy {
    Objects.requireNonNull(ttl, "ttl");
    if (ttl.isZero() || ttl.isNegative()) {
      throw new IllegalArgumentException("ttl must be positive but is " + ttl);
    }
  }

  /** Per-stream policies with a fallback for streams not configured. */
  public record Table(Map<String, StreamPolicy> streams, StreamPolicy fallback) {
    public static final Table DEFAULTS = new Table(Map.of(), DEFAULT);

    public Table {
      streams = Map.copyOf(streams);
      Objects.requireNonNull(fallback, "fallback");
    }

    public StreamPolicy of(String stream) {
      return streams.getOrDefault(stream, fallback);
    }
  }
}
