package dev.backroom.hub.auth;

import dev.backroom.hub.web.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * One login attempt: throttled per username and per remote address, then the password, then a
 * new session. Shared by the login form and JSON login.
 */
@ApplicationScoped
public class Logins {
  @Inject Accounts accounts;
  @Inject SessionStore sessions;
  @Inject AuthConfig config;

  private volatile LoginThrottle throttle;

  /** What an attempt came to. */
  public sealed interface Outcome {}

  /** Logged in: the session cookie's value and the caller. */
  public record Ok(Caller caller, String cookie, String csrfToken) implements Outcome {}

  public record Refused() implements Outcome {}

  /** Too many failures: try again after this many seconds. */
  public record Throttled(long retryAfterSeconds) implements Outcome {}

  public Outcome attempt(String username, String password, String remoteAddress, Instant now) {
    String name = username == null ? "" : username.trim().toLowerCase(Locale.ROOT);
    if (name.length() > 64) {
      name = name.substring(0, 64);
    }
    String userKey = "u:" + name;
    String addressKey = "a:" + remoteAddress;
    LoginThrottle t = throttle();
    Duration wait = max(t.wait(userKey, now), t.wait(addressKey, now));
    if (!wait.isZero()) {
      return new Throttled(LoginThrottle.seconds(wait));
    }
    Optional<UserStore.User> user = accounts.byPassword(name, password);
    if (user.isEmpty()) {
      AuthConfig.Throttle c = config.throttle();
      t.failure(userKey, c.freeFailuresPerUser(), now);
      t.failure(addressKey, c.freeFailuresPerAddress(), now);
      return new Refused();
    }
    t.success(userKey);
    Caller caller = new Caller(user.get().username(), user.get().role(), Caller.SESSION);
    String cookie = sessions.create(caller, now);
    return new Ok(caller, cookie, sessions.find(cookie, now).orElseThrow().csrfToken());
  }

  /** Forgets every failure (tests, and an admin who wants a locked-out user back at once). */
  public void resetThrottle() {
    throttle().clear();
  }

  private LoginThrottle throttle() {
    LoginThrottle t = throttle;
    if (t == null) {
      AuthConfig.Throttle c = config.throttle();
      t = new LoginThrottle(c.baseLockout(), c.maxLockout(), c.window());
      throttle = t;
    }
    return t;
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}
