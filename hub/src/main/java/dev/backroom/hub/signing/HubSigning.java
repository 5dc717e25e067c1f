package dev.backroom.hub.signing;

import dev.backroom.hub.config.HubConfig;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.jboss.logging.Logger;

/**
 * The hub's signing key and signer as a bean; everything it decides is in the plain classes.
 * Opened at startup, so a first start creates the key at once and an unreadable key stops the
 * hub before it serves anything.
 */
@Startup
@ApplicationScoped
public class HubSigning {
  private static final Logger LOG = Logger.getLogger(HubSigning.class);

  @Inject HubConfig config;

  private HubSigner signer;

  @PostConstruct
  void open() {
    try {
      HubSigningKey key = HubSigningKey.openOrCreate(Path.of(config.dataDir(), "signing"),
          System.currentTimeMillis());
      signer = new HubSigner(key, config.mqtt().maxPayloadBytes());
      LOG.infof("signing assignments and commands with key %s, epoch %d (public key: %s)",
          key.kid(), key.epoch(), key.publicKeyFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public HubSigner signer() {
    return signer;
  }

  /** What a device pins at registration: the public key (PEM) and its id. */
  public String publicKeyPem() {
    return signer.key().publicPem();
  }

  public String keyId() {
    return signer.key().kid();
  }
}
