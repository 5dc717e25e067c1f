package dev.backroom.mqtt.transport;

import dev.backroom.retry.Backoff;
import java.net.ConnectException;
import java.time.Duration;

/**
 * How long a client waits before its next connect attempt: 200 ms doubling after each failure,
 * plus up to half again of random jitter so that a fleet does not retry in step. A refused
 * connection (nothing listens: the broker is down or restarting) is retried at least every 2 s:
 * a refusal costs the broker's host nothing, and after a hub restart every device waited up to
 * 7.5 s for its next try. Any other failure (a TLS handshake or a password refused, a timeout)
 * costs the broker work and may repeat for a long time, so its delay grows to 5 s. Not
 * thread-safe: one connector thread uses it.
 */
public final class ReconnectBackoff {
  private static final Backoff REFUSED = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(2));
  private static final Backoff OTHER = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(5));

  private int failures;

  /** The delay before the next attempt, without jitter, after a failed one. */
  public long afterFailure(boolean refused) {
    return (refused ? REFUSED : OTHER).ceiling(failures++).toMillis();
  }

  /** A successful connect: the next failure starts from the minimum again. */
  public void reset() {
    failures = 0;
  }

  /** {@code delay} plus a random share of up to half of it; {@code random} in [0, 1). */
  public static long withJitter(long delay, double random) {
    return delay + (long) (random * (delay / 2 + 1));
  }

  /** Whether {@code failure} is a refused TCP connection, anywhere in its causes. */
  public static boolean refused(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof ConnectException) {
        return true;
      }
    }
    return false;
  }
}
