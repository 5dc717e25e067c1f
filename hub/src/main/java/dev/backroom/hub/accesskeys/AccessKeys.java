package dev.backroom.hub.accesskeys;

import dev.backroom.ecs.keys.AccessKeyGrant;
import dev.backroom.ecs.keys.AccessKeyIds;
import dev.backroom.ecs.keys.AccessKeyLookup;
import dev.backroom.ecs.keys.AccessKeyRules;
import dev.backroom.ecs.keys.AccessKeyStatus;
import dev.backroom.ecs.keys.SecretSealer;
import dev.backroom.hub.config.HubConfig;
import dev.backroom.hub.web.Roles;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Issues access keys and answers {@link AccessKeyLookup}: the store plus the sealing key. Opened
 * at startup, so a first start makes the sealing key at once and an unreadable one stops the hub
 * before it serves anything (as the signing key does).
 */
@Startup
@ApplicationScoped
public class AccessKeys implements AccessKeyLookup {
  private static final Logger LOG = Logger.getLogger(AccessKeys.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final AccessKeyStore store;
  private final HubConfig config;
  private SecretSealer sealer;

  @Inject
  AccessKeys(AccessKeyStore store, HubConfig config) {
    this.store = store;
    this.config = config;
  }

  /** For tests on real H2 without the app: a sealer given, nothing read from a data directory. */
  AccessKeys(AccessKeyStore store, SecretSealer sealer) {
    this.store = store;
    this.config = null;
    this.sealer = sealer;
  }

  @PostConstruct
  void open() {
    if (sealer != null) {
      return;
    }
    Path dir = Path.of(config.dataDir(), "access-keys");
    try {
      SealingKeyFile.Opened key = SealingKeyFile.openOrCreate(dir, RANDOM);
      sealer = new SecretSealer(key.key(), RANDOM);
      if (key.created()) {
        long sealedBefore = store.list().size();
        if (sealedBefore > 0) {
          LOG.errorf("made a new access-key sealing key in %s although %d access key(s) exist:"
              + " they are UNREADABLE now (restore %s from a backup, or delete and reissue them)",
              dir, sealedBefore, SealingKeyFile.FILE);
        } else {
          LOG.infof("made the access-key sealing key in %s", dir);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A key as listed: everything but the secret. */
  public record Listed(String accessKeyId, String username, String role, String description,
      Instant createdAt, Instant expiresAt, AccessKeyStatus status) {}

  /** A new key with its secret: the one time the secret leaves the hub. */
  public record Issued(Listed key, String secretAccessKey) {}

  /**
   * Issues a key; the request is valid ({@link AccessKeyRules}).
   *
   * @param username null for a pipeline key
   * @param expiresAt null for a key that does not expire
   */
  public Issued issue(String username, String role, String description, Instant expiresAt,
      Instant now) {
    String id = AccessKeyIds.newId(RANDOM);
    String secret = AccessKeyIds.newSecret(RANDOM);
    store.insert(new AccessKeyStore.Row(id, username, role, description, sealer.seal(id, secret),
        true, now, expiresAt, null));
    return new Issued(new Listed(id, username, role, description, now, expiresAt,
        AccessKeyStatus.of(true, true, expiresAt, now)), secret);
  }

  public List<Listed> list(Instant now) {
    return store.list().stream().map(r -> listed(r, now)).toList();
  }

  public Optional<Listed> get(String accessKeyId, Instant now) {
    return row(accessKeyId).map(r -> listed(r, now));
  }

  /** False when there is no such key. */
  public boolean setEnabled(String accessKeyId, boolean enabled) {
    return AccessKeyIds.validId(accessKeyId) && store.setEnabled(accessKeyId, enabled);
  }

  /** False when there is no such key. */
  public boolean delete(String accessKeyId) {
    return AccessKeyIds.validId(accessKeyId) && store.delete(accessKeyId);
  }

  @Override
  public Optional<AccessKeyGrant> find(String accessKeyId, Instant now) {
    Objects.requireNonNull(now, "now");
    return row(accessKeyId).map(r -> {
      Optional<String> secret = sealer.open(r.accessKeyId(), r.secretSealed());
      return new AccessKeyGrant(r.accessKeyId(), secret.orElse(null), r.username(), role(r),
          AccessKeyStatus.of(secret.isPresent(), r.enabled(), r.expiresAt(), now));
    });
  }

  private Optional<AccessKeyStore.Row> row(String accessKeyId) {
    // an id of another shape names no key; it is not worth a query (a verifier's hot path)
    return AccessKeyIds.validId(accessKeyId) ? store.find(accessKeyId) : Optional.empty();
  }

  private Listed listed(AccessKeyStore.Row r, Instant now) {
    boolean readable = sealer.open(r.accessKeyId(), r.secretSealed()).isPresent();
    return new Listed(r.accessKeyId(), r.username(), role(r), r.description(), r.createdAt(),
        r.expiresAt(), AccessKeyStatus.of(readable, r.enabled(), r.expiresAt(), now));
  }

  /** A user's key can do no more than its user can now (the user's role may have changed). */
  private static String role(AccessKeyStore.Row r) {
    return r.userRole() == null ? r.role() : Roles.weaker(r.role(), r.userRole());
  }
}
