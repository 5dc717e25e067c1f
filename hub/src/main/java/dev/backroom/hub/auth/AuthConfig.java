package dev.backroom.hub.auth;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * Every {@code backroom.auth.*} setting. Environment variables work too
 * ({@code BACKROOM_AUTH_ADMIN_PASSWORD}), which keeps secrets off the command line.
 */
@ConfigMapping(prefix = "backroom.auth")
public interface AuthConfig {

  /**
   * Authentication on. {@code false} is an explicit insecure shortcut (e.g.
   * {@code ./backroom demo --insecure}): every request then acts as an admin and the
   * {@code X-Backroom-Actor} header or body actor names who acted, as before auth existed.
   */
  @WithDefault("true")
  boolean enabled();

  /**
   * The password of the first admin ({@code admin}), used only when the hub has no user yet.
   * Unset: a random one is generated and printed once, when that user is created.
   */
  Optional<String> adminPassword();

  /**
   * A bearer token acting as the admin principal {@code bootstrap}, for automation that must
   * work before any user exists (the e2e harness, benchmarks, the demo). Only its SHA-256 is
   * kept in memory; it is never stored.
   */
  Optional<String> bootstrapToken();

  /** A browser session not used for this long ends. */
  @WithDefault("30m")
  Duration sessionIdleTimeout();

  /** A browser session ends this long after login, used or not. */
  @WithDefault("12h")
  Duration sessionMaxAge();

  Throttle throttle();

  /** Login throttling: failures per username and per remote address. */
  interface Throttle {
    /** Failures per key that cost nothing; each further one locks the key out for a while. */
    @WithDefault("5")
    int freeFailuresPerUser();

    /** The same per remote address, higher because a shop's terminals may share one address. */
    @WithDefault("20")
    int freeFailuresPerAddress();

    /** The first lockout; each further failure doubles it, up to {@link #maxLockout()}. */
    @WithDefault("2s")
    Duration baseLockout();

    @WithDefault("15m")
    Duration maxLockout();

    /** Failures older than this are forgotten. */
    @WithDefault("15m")
    Duration window();
  }
}
