package dev.backroom.hub.broker;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * What the hub asks of its Mosquitto. Plain values, so that tests start the very broker the hub
 * runs ({@link ManagedMosquitto}) without Quarkus.
 *
 * @param dir the broker's own directory ({@code <data-dir>/mosquitto}): configuration and the
 *     dynamic-security file, mode 0700
 * @param host the address the listeners bind to
 * @param port the main listener's port; 0 picks a free one at start
 * @param tls when present, the main listener speaks TLS with these files
 * @param plainPort an extra plain listener next to a TLS one (ignored without TLS)
 * @param allowAnonymous clients without credentials get full access (demos and benches only)
 * @param maxPayloadBytes the largest MQTT payload a client may send
 * @param binary the {@code mosquitto} executable; empty: found on PATH or in /usr/sbin
 */
public record MosquittoSettings(Path dir, String host, int port, Optional<Tls> tls,
    Optional<Integer> plainPort, boolean allowAnonymous, int maxPayloadBytes,
    Optional<String> binary) {

  /** PEM files of a TLS listener: the server certificate then its CA, its key, the CA alone. */
  public record Tls(Path serverChain, Path serverKey, Path ca) {
    public Tls {
      Objects.requireNonNull(serverChain, "serverChain");
      Objects.requireNonNull(serverKey, "serverKey");
      Objects.requireNonNull(ca, "ca");
    }
  }

  public MosquittoSettings {
    Objects.requireNonNull(dir, "dir");
    Objects.requireNonNull(host, "host");
    tls = tls == null ? Optional.empty() : tls;
    plainPort = plainPort == null ? Optional.empty() : plainPort;
    binary = binary == null ? Optional.empty() : binary;
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
    if (maxPayloadBytes <= 0) {
      throw new IllegalArgumentException("maxPayloadBytes must be positive: " + maxPayloadBytes);
    }
  }

  /** Plain MQTT on {@code host:port}, credentials required: the usual test broker. */
  public static MosquittoSettings plain(Path dir, String host, int port) {
    return new MosquittoSettings(dir, host, port, Optional.empty(), Optional.empty(), false,
        262_144, Optional.empty());
  }

  public MosquittoSettings withTls(Tls t) {
    return new MosquittoSettings(dir, host, port, Optional.of(t), plainPort, allowAnonymous,
        maxPayloadBytes, binary);
  }

  public MosquittoSettings withPlainPort(int p) {
    return new MosquittoSettings(dir, host, port, tls, Optional.of(p), allowAnonymous,
        maxPayloadBytes, binary);
  }

  public MosquittoSettings withAllowAnonymous(boolean a) {
    return new MosquittoSettings(dir, host, port, tls, plainPort, a, maxPayloadBytes, binary);
  }

  public MosquittoSettings withPort(int p) {
    return new MosquittoSettings(dir, host, p, tls, plainPort, allowAnonymous, maxPayloadBytes,
        binary);
  }
}
