package dev.backroom.sync.metrics;

/** Metric names and tag values of the contract, in Prometheus form as scraped. */
public final class SyncMetrics {
  /** Counter, tags {@link #TAG_CHANNEL} and {@link #TAG_DIRECTION}. */
  public static final String SYNC_BYTES_TOTAL = "backroom_sync_bytes_total";
  /** Counter, tag {@link #TAG_STREAM}. */
  public static final String TELEMETRY_INGESTED_TOTAL = "backroom_telemetry_ingested_total";
  /** Counter, tags {@link #TAG_STREAM} and {@link #TAG_REASON}. */
  public static final String TELEMETRY_DROPPED_TOTAL = "backroom_telemetry_dropped_total";
  /** Gauge. */
  public static final String TELEMETRY_OUTBOX_BYTES = "backroom_telemetry_outbox_bytes";

  public static final String TAG_CHANNEL = "channel";
  public static final String TAG_DIRECTION = "direction";
  public static final String TAG_STREAM = "stream";
  public static final String TAG_REASON = "reason";

  /**
   * Micrometer appends {@code _total} to counters when it renders Prometheus text, so register
   * counters under this name (e.g. {@code backroom_sync_bytes}) to scrape the contract's name.
   */
  public static String micrometerCounterName(String prometheusName) {
    return prometheusName.endsWith("_total")
        ? prometheusName.substring(0, prometheusName.length() - "_total".length())
        : prometheusName;
  }

  private SyncMetrics() {}
}
