package dev.backroom.cloud.accesskeys;

import dev.backroom.cloud.config.CloudConfig;
import dev.backroom.ecs.keys.AccessKeyGrant;
import dev.backroom.ecs.keys.AccessKeyIds;
import dev.backroom.ecs.keys.AccessKeyLookup;
import dev.backroom.ecs.keys.AccessKeyStatus;
import dev.backroom.ecs.keys.SecretSealer;
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
 * Issues the cloud's access keys and answers {@link AccessKeyLookup} for its ECS endpoint.
 * Opened at startup, so a bad sealing key stops the cloud before it serves anything.
 */
@Startup
@ApplicationScoped
public class CloudAccessKeys implements AccessKeyLookup {
  private static final Logger LOG = Logger.getLogger(CloudAccessKeys.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  @Inject AccessKeyTable table;
  @Inject CloudConfig config;
  private SecretSealer sealer;

  @PostConstruct
  void open() {
    Path dir = Path.of(config.dataDir(), "access-keys");
    try {
      SealingKey.Loaded key = SealingKey.load(config.sealingKey(), dir, RANDOM);
      sealer = new SecretSealer(key.key(), RANDOM);
      if (key.created()) {
        int before = table.list().size();
        if (before > 0) {
          LOG.errorf("made a new access-key sealing key in %s although %d access key(s) exist:"
              + " they are UNREADABLE now (restore the file or set %s, or delete and reissue"
              + " them)", key.source(), before, SealingKey.SETTING);
        } else {
          LOG.infof("made the access-key sealing key %s (set %s instead when several cloud"
              + " instances share the database)", key.source(), SealingKey.SETTING);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A key as listed: everything but the secret. */
  public record Listed(String accessKeyId, String role, String description, Instant createdAt,
      Instant expiresAt, AccessKeyStatus status) {}

  /** A new key with its secret: the one time the secret leaves the cloud. */
  public record Issued(Listed key, String secretAccessKey) {}

  /** Issues a pipeline key; the request is valid (AccessKeyRules). */
  public Issued issue(String role, String description, Instant expiresAt, Instant now) {
    String id = AccessKeyIds.newId(RANDOM);
    String secret = AccessKeyIds.newSecret(RANDOM);
    table.insert(new AccessKeyTable.Row(id, role, description, sealer.seal(id, secret), true,
        now, expiresAt));
    return new Issued(new Listed(id, role, description, now, expiresAt,
        AccessKeyStatus.of(true, true, expiresAt, now)), secret);
  }

  public List<Listed> list(Instant now) {
    return table.list().stream().map(r -> listed(r, now)).toList();
  }

  public Optional<Listed> get(String accessKeyId, Instant now) {
    return row(accessKeyId).map(r -> listed(r, now));
  }

  /** False when there is no such key. */
  public boolean setEnabled(String accessKeyId, boolean enabled) {
    return AccessKeyIds.validId(accessKeyId) && table.setEnabled(accessKeyId, enabled);
  }

  /** False when there is no such key. */
  public boolean delete(String accessKeyId) {
    return AccessKeyIds.validId(accessKeyId) && table.delete(accessKeyId);
  }

  @Override
  public Optional<AccessKeyGrant> find(String accessKeyId, Instant now) {
    Objects.requireNonNull(now, "now");
    return row(accessKeyId).map(r -> {
      Optional<String> secret = sealer.open(r.accessKeyId(), r.secretSealed());
      return new AccessKeyGrant(r.accessKeyId(), secret.orElse(null), null, r.role(),
          AccessKeyStatus.of(secret.isPresent(), r.enabled(), r.expiresAt(), now));
    });
  }

  private Optional<AccessKeyTable.Row> row(String accessKeyId) {
    // an id of another shape names no key; not worth a query on the verifier's hot path
    return AccessKeyIds.validId(accessKeyId) ? table.find(accessKeyId) : Optional.empty();
  }

  private Listed listed(AccessKeyTable.Row r, Instant now) {
    boolean readable = sealer.open(r.accessKeyId(), r.secretSealed()).isPresent();
    return new Listed(r.accessKeyId(), r.role(), r.description(), r.createdAt(), r.expiresAt(),
        AccessKeyStatus.of(readable, r.enabled(), r.expiresAt(), now));
  }
}
