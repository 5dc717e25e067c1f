package dev.backroom.sync.metrics;

/** The {@code channel} tag of {@link SyncMetrics#SYNC_BYTES_TOTAL}. */
public enum Channel {
  DESIRED,
  REPORTS,
  TELEMETRY,
  ENROLL;

  /** The tag value, lower case as in the contract. */
  public String tag() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
