package dev.backroom.hub.ui;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** {@code backroom.ui.*}: who may open the UI's WebSockets, limits of its sessions. */
@ConfigMapping(prefix = "backroom.ui")
public interface UiConfig {
  /** Open log tails and terminals, hub-wide; one more is refused with a reason. */
  @WithDefault("16")
  int maxSessions();

  /** A terminal without input for this long is closed (on the device too). */
  @WithDefault("10m")
  Duration sessionIdleTimeout();

  /** Any session, log tails included, is closed after this long; the page can reopen it. */
  @WithDefault("1h")
  Duration sessionMaxAge();

  /**
   * How often the hub tells each device that its sessions are still wanted; the device ends
   * sessions unpinged for 30 s (dev.backroom.agent.remote.RemoteSessions.IDLE).
   */
  @WithDefault("10s")
  Duration pingInterval();

  /**
   * Lines of history a log tail starts with, and a reconnected one resumes with: when more were
   * written while the page was away, it shows these and says that lines may be missing.
   */
  @WithDefault("200")
  int logTailLines();

  /** Frames queued towards one browser before further ones are dropped (and counted). */
  @WithDefault("512")
  int maxPendingFrames();

  /**
   * Origins besides the hub's own (the scheme, host and port a request came to) whose pages may
   * open the UI's WebSockets, comma-separated, e.g. {@code https://hub.store-17.example} for a
   * reverse proxy that terminates TLS there. A handshake from any other origin gets 403.
   */
  Optional<List<String>> allowedOrigins();
}
