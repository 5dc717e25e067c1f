package dev.backroom.hub.auth;

import dev.backroom.hub.web.Caller;
import dev.backroom.hub.web.Roles;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Checks credentials: bearer tokens (the bootstrap token first, in memory) and passwords.
 * Creates the first admin at startup when the hub has no user.
 */
@ApplicationScoped
public class Accounts {
  private static final Logger LOG = Logger.getLogger(Accounts.class);
  public static final String FIRST_ADMIN = "admin";
  static final String TOKEN_PREFIX = "brt_";

  @Inject AuthConfig config;
  @Inject UserStore users;

  private final PasswordHasher hasher = new PasswordHasher(Secrets.random());
  private String bootstrapDigest;

  void onStart(@Observes StartupEvent e) {
    bootstrapDigest = config.bootstrapToken().filter(t -> !t.isBlank()).map(Secrets::sha256)
        .orElse(null);
    createFirstAdmin(Instant.now());
    if (!config.enabled()) {
      LOG.warn("backroom.auth.enabled=false: the hub API is open to anyone who can reach it,"
          + " every request acts as an admin. Use this only for a local demo.");
    }
  }

  void createFirstAdmin(Instant now) {
    if (users.count() > 0) {
      return;
    }
    Optional<String> configured = config.adminPassword().filter(p -> !p.isEmpty());
    // A configured password meets the same policy as one an admin sets; a weak one stops the
    // start rather than guard the hub with it (or silently with another).
    configured.flatMap(PasswordPolicy::check).ifPresent(w -> {
      throw new IllegalStateException("backroom.auth.admin-password is too weak: " + w.message()
          + " (rule " + w.rule() + "); set a stronger one, or unset it to have one generated");
    });
    String password = configured.orElseGet(() -> Secrets.token(18));
    if (users.create(FIRST_ADMIN, Roles.ADMIN, hasher.hash(password), now) && configured.isEmpty()) {
      // Printed once: on the next start the user exists and nothing is generated.
      LOG.warnf("created the first hub user '%s' (admin) with the generated password %s"
          + " (shown only now; change it with PUT /api/v1/users/%s/password)",
          FIRST_ADMIN, password, FIRST_ADMIN);
    } else {
      LOG.infof("created the first hub user '%s' (admin) with backroom.auth.admin-password",
          FIRST_ADMIN);
    }
  }

  public String hash(String password) {
    return hasher.hash(password);
  }

  /** The caller a bearer token stands for, if it is the bootstrap token or a live token. */
  public Optional<Caller> byToken(String token) {
    if (token == null || token.isEmpty() || token.length() > 512) {
      return Optional.empty();
    }
    if (bootstrapDigest != null && Secrets.sameDigest(bootstrapDigest, Secrets.sha256(token))) {
      return Optional.of(new Caller(Caller.BOOTSTRAP_NAME, Roles.ADMIN, Caller.BOOTSTRAP));
    }
    int sep = token.indexOf('_', TOKEN_PREFIX.length());
    if (!token.startsWith(TOKEN_PREFIX) || sep < 0) {
      return Optional.empty();
    }
    String id = token.substring(TOKEN_PREFIX.length(), sep);
    String digest = Secrets.sha256(token.substring(sep + 1));
    return users.findToken(id)
        .filter(t -> t.revokedAt() == null && Secrets.sameDigest(t.secretHash(), digest))
        .flatMap(t -> users.find(t.username())
            .map(u -> new Caller(u.username(), Roles.weaker(u.role(), t.role()), Caller.BEARER)));
  }

  /** The user, if the password is right; an unknown user costs as much time as a wrong one. */
  public Optional<UserStore.User> byPassword(String username, String password) {
    Optional<UserStore.User> user = username == null ? Optional.empty() : users.find(username);
    if (user.isEmpty()) {
      hasher.burn(password);
      return Optional.empty();
    }
    return hasher.verify(password, user.get().passwordHash()) ? user : Optional.empty();
  }

  /** A new token for {@code username}: the full token string, shown to the caller once. */
  public String issueToken(String tokenId, String username, String name, String role,
      Instant now) {
    String secret = Secrets.token(32);
    users.createToken(new UserStore.Token(tokenId, username, name, role, Secrets.sha256(secret),
        now, null));
    return TOKEN_PREFIX + tokenId + "_" + secret;
  }
}
