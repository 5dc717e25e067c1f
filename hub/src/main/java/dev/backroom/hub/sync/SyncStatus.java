package dev.backroom.hub.sync;

import jakarta.inject.Singleton;
import java.time.Instant;

/**
 * What the sync loops last did, in memory, for {@code GET /api/v1/sync} and the gauges. Written
 * by the sync threads, read by anyone: every field is volatile and independent. A singleton
 * without a client proxy, because the loops write its fields directly.
 */
@Singleton
public class SyncStatus {
  volatile boolean enrolled;
  volatile String storeId;
  volatile String cloudUrl;
  volatile long appliedRevision;
  volatile Instant lastDownstreamAt;
  volatile Instant lastUpstreamAt;
  volatile long pendingReportBatches;
  volatile long nextReportSequence = 1;
  volatile String lastError;
  /** Null until either direction has tried; then whether the last attempt reached the cloud. */
  private volatile Boolean linkUp;
  private volatile Instant linkSince;

  void enrolled(String storeId, String cloudUrl) {
    this.storeId = storeId;
    this.cloudUrl = cloudUrl;
    this.enrolled = true;
  }

  void failed(String error) {
    this.lastError = error;
  }

  /**
   * The outcome of one attempt of either direction. The link changes state (and its
   * {@link #linkSince}) only when the outcome differs from the last one: one failed long-poll
   * means offline, one answered call means online again.
   */
  synchronized void linkOutcome(boolean reached, Instant now) {
    if (linkUp == null || linkUp != reached) {
      linkUp = reached;
      linkSince = now;
    }
  }

  /** True, false, or null while no attempt has finished (not enrolled, or just started). */
  public Boolean linkUp() {
    return linkUp;
  }

  /** When the link last changed state, or null. */
  public Instant linkSince() {
    return linkSince;
  }

  public boolean enrolled() {
    return enrolled;
  }

  /** The last time either direction reached the cloud, or null. */
  public Instant lastContact() {
    Instant d = lastDownstreamAt;
    Instant u = lastUpstreamAt;
    return d == null ? u : u == null ? d : d.isAfter(u) ? d : u;
  }

  public long appliedRevision() {
    return appliedRevision;
  }

  public long pendingReportBatches() {
    return pendingReportBatches;
  }

  /** The body of {@code GET /api/v1/sync}; never the credential. */
  public record View(boolean enrolled, String storeId, String cloudUrl, long appliedRevision,
      Instant lastDownstreamAt, Instant lastUpstreamAt, long pendingReportBatches,
      long nextReportSequence, String lastError) {}

  public View view() {
    return new View(enrolled, storeId, cloudUrl, appliedRevision, lastDownstreamAt, lastUpstreamAt,
        pendingReportBatches, nextReportSequence, lastError);
  }
}
