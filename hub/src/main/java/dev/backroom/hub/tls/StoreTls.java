package dev.backroom.hub.tls;

import dev.backroom.hub.config.HubConfig;
import dev.backroom.mqtt.tls.PinnedCa;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;
import javax.net.ssl.SSLSocketFactory;

/**
 * The store CA as the hub's beans see it: the files the listeners serve, the PEM handed to
 * devices at enrolment and its fingerprint. Empty with {@code backroom.tls.enabled=false}.
 */
@ApplicationScoped
public class StoreTls {
  @Inject HubConfig config;
  private volatile StoreCa ca;

  public boolean enabled() {
    return config.tls().enabled();
  }

  /** The CA and server certificate (created by {@link TlsConfigSourceFactory} on start). */
  public Optional<StoreCa> ca() {
    if (!enabled()) {
      return Optional.empty();
    }
    StoreCa c = ca;
    if (c == null) {
      synchronized (this) {
        if (ca == null) {
          ca = TlsConfigSourceFactory.Settings.of(config.dataDir(),
              config.tls().extraNames().orElse(""), config.tls().serverValidity(),
              config.tls().renewBefore()).load();
        }
        c = ca;
      }
    }
    return Optional.of(c);
  }

  public Optional<String> caPem() {
    return ca().map(c -> c.ca().pem());
  }

  /** {@code sha256:<hex>}, the pin {@code backroom agent register --ca-fingerprint} takes. */
  public Optional<String> caFingerprint() {
    return ca().map(c -> c.ca().fingerprint());
  }

  /**
   * The sockets the hub's own MQTT client uses for an {@code ssl://} broker: trusting only
   * {@code backroom.mqtt.ca-file}, else the store CA.
   *
   * @throws IllegalStateException when neither is available
   */
  public SSLSocketFactory clientSockets() {
    Optional<String> file = config.mqtt().caFile();
    if (file.isPresent()) {
      try {
        return PinnedCa.fromFile(Path.of(file.get())).socketFactory();
      } catch (IOException e) {
        throw new UncheckedIOException("backroom.mqtt.ca-file: " + e.getMessage(), e);
      }
    }
    return ca().map(c -> c.ca().socketFactory()).orElseThrow(() -> new IllegalStateException(
        "an ssl:// broker needs backroom.mqtt.ca-file (TLS is off, so there is no store CA)"));
  }
}
