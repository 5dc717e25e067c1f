package dev.backroom.hub.auth;

import dev.backroom.hub.web.Caller;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Browser sessions, in memory and keyed by the SHA-256 of the cookie value (a heap dump shows no
 * usable cookie). A session ends after {@code session-idle-timeout} without a request, after
 * {@code session-max-age} in any case, at logout, and when its user is changed or deleted.
 */
@ApplicationScoped
public class SessionStore {
  public static final String COOKIE = "backroom_session";
  static final String ATTRIBUTE = "backroom.session";

  @Inject AuthConfig config;

  private final Map<String, Session> byDigest = new ConcurrentHashMap<>();

  /** One session; {@code lastUsed} moves on every request. */
  public static final class Session {
    final Caller caller;
    final String csrfToken;
    final Instant createdAt;
    volatile Instant lastUsed;

    Session(Caller caller, String csrfToken, Instant createdAt) {
      this.caller = caller;
      this.csrfToken = csrfToken;
      this.createdAt = createdAt;
      this.lastUsed = createdAt;
    }

    public Caller caller() {
      return caller;
    }

    public String csrfToken() {
      return csrfToken;
    }
  }

  /** A new session; the returned string is the cookie value, kept nowhere else. */
  public String create(Caller caller, Instant now) {
    sweep(now);
    String id = Secrets.token(32);
    byDigest.put(Secrets.sha256(id), new Session(caller, Secrets.token(24), now));
    return id;
  }

  /** The live session of a cookie value, touched; an expired one is removed. */
  public Optional<Session> find(String cookie, Instant now) {
    if (cookie == null || cookie.isEmpty() || cookie.length() > 128) {
      return Optional.empty();
    }
    String digest = Secrets.sha256(cookie);
    Session s = byDigest.get(digest);
    if (s == null) {
      return Optional.empty();
    }
    if (expired(s, now)) {
      byDigest.remove(digest);
      return Optional.empty();
    }
    s.lastUsed = now;
    return Optional.of(s);
  }

  /** The identity of a live session, or null (anonymous) for an unknown or expired cookie. */
  SecurityIdentity identity(String cookie) {
    return find(cookie, Instant.now()).map(s -> (SecurityIdentity) QuarkusSecurityIdentity
        .builder(s.caller.identity()).addAttribute(ATTRIBUTE, s).build()).orElse(null);
  }

  public void remove(String cookie) {
    if (cookie != null) {
      byDigest.remove(Secrets.sha256(cookie));
    }
  }

  /** Ends every session of {@code username}, e.g. when its password or role changes. */
  public void removeUser(String username) {
    byDigest.values().removeIf(s -> s.caller.name().equals(username));
  }

  public int size() {
    return byDigest.size();
  }

  /** The session behind an identity, if it was authenticated by the cookie. */
  public static Session of(SecurityIdentity identity) {
    return identity == null ? null : identity.getAttribute(ATTRIBUTE);
  }

  private boolean expired(Session s, Instant now) {
    return now.isAfter(s.lastUsed.plus(config.sessionIdleTimeout()))
        || now.isAfter(s.createdAt.plus(config.sessionMaxAge()));
  }

  private void sweep(Instant now) {
    byDigest.values().removeIf(s -> expired(s, now));
  }
}
