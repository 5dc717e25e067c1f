package dev.backroom.agent.loop;

import dev.backroom.mqtt.Liveness;
import dev.backroom.mqtt.message.StatusReport;
import java.time.Duration;
import java.time.Instant;

/**
 * Sends a pass's status to the hub when it changed, or when the last one sent is older than the
 * device's refresh period: reports are state, so an unchanged one need not go out each pass, but
 * a hub that missed one (a lost message, its own restart) hears again within minutes.
 * Loop thread only, except {@link #lastStatus()}.
 */
final class StatusReporter {
  /**
   * A status report goes out at least this often, on average, even when nothing changed (see
   * {@link Liveness#STATUS_REFRESH_S}); heartbeats carry liveness.
   */
  static final Duration STATUS_REFRESH = Duration.ofSeconds(Liveness.STATUS_REFRESH_S);

  private final StatusSink sink;
  private final Duration refresh;
  private StatusReport lastSent;
  private Instant lastSentAt = Instant.EPOCH;
  private volatile StatusReport lastStatus;

  StatusReporter(String deviceId, StatusSink sink) {
    this.sink = sink;
    this.refresh = refreshFor(deviceId);
  }

  /** {@link #STATUS_REFRESH} times 0.8 to 1.2, fixed per device by its id. */
  static Duration refreshFor(String deviceId) {
    long permille = 800 + Math.floorMod(deviceId.hashCode() * 0x9E3779B1L, 401L);
    return STATUS_REFRESH.multipliedBy(permille).dividedBy(1000);
  }

  /** A pass's status: sent if it changed or the last one sent is stale. */
  void report(StatusReport status, Instant now) {
    lastStatus = status;
    boolean stale = Duration.between(lastSentAt, now).compareTo(refresh) >= 0;
    if ((stale || !status.equals(lastSent)) && sink.publishStatus(status)) {
      lastSent = status;
      lastSentAt = now;
    }
  }

  /** The next report goes out even if unchanged: the hub may have missed the last. */
  void sendNextAnyway() {
    lastSent = null;
  }

  /** The status of the last completed pass; null before the first. Any thread. */
  StatusReport lastStatus() {
    return lastStatus;
  }
}
