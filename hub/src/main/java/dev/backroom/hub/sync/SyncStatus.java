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

  void enrolled(String storeId, String cloudUrl) {
    this.storeId = storeId;
    this.cloudUrl = cloudUrl;
    this.enrolled = true;
  }

  void failed(String error) {
    this.lastError = error;
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
