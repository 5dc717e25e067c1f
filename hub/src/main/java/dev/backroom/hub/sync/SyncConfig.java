package dev.backroom.hub.sync;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * Cloud sync settings ({@code backroom.sync.*}). Sync runs only when enabled and the identity
 * file written by {@code backroom hub enroll} exists; the hub works the same without it.
 */
@ConfigMapping(prefix = "backroom.sync")
public interface SyncConfig {

  /** Off switch, for a store that must never talk to the cloud even when enrolled. */
  @WithDefault("true")
  boolean enabled();

  /** {@code {cloudUrl, storeId, credential}}, mode 0600; its absence means "not enrolled". */
  @WithDefault("${backroom.data-dir}/cloud-identity.json")
  String identityFile();

  /** How long one desired-state long-poll may wait for a newer revision (the cloud caps it at 60 s). */
  @WithDefault("30s")
  Duration pollWait();

  /** How often a report batch (snapshots plus new events) goes up; local events send sooner. */
  @WithDefault("5s")
  Duration reportInterval();

  /**
   * With nothing new (no events, same snapshots), a batch still goes up this often so the cloud's
   * view of heartbeats stays fresh; in between a quiet store sends nothing.
   */
  @WithDefault("60s")
  Duration reportRefresh();

  /** Time allowed for one request beyond the long-poll's own wait. */
  @WithDefault("10s")
  Duration requestTimeout();

  /** First retry delay after a failure; delays grow exponentially with full jitter. */
  @WithDefault("500ms")
  Duration backoffBase();

  /** Longest retry delay; also the delay after the cloud refuses the credential. */
  @WithDefault("30s")
  Duration backoffCap();

  /** Most events, and most audit entries, per report batch; more batches follow at once. */
  @WithDefault("500")
  int maxEventsPerBatch();
}
