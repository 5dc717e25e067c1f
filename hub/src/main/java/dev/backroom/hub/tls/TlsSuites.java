package dev.backroom.hub.tls;

import java.util.List;

/**
 * The TLS versions and cipher suites the hub's own TLS listeners (the API and the telemetry
 * listener) accept: TLS 1.3, and TLS 1.2 with ephemeral key exchange and AEAD ciphers only
 * (AES-GCM, ChaCha20-Poly1305). Left out on purpose: CBC suites (SHA-1 MACs, padding-oracle
 * history), static RSA key exchange (no forward secrecy) and everything older than TLS 1.2.
 * Every client Backroom ships (the JDK, Paho, browsers since about 2016) speaks these.
 * The ECDSA suites serve the store CA's EC certificate; the RSA ones an operator's own RSA one.
 */
public final class TlsSuites {
  public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

  public static final List<String> CIPHER_SUITES = List.of(
      "TLS_AES_256_GCM_SHA384",
      "TLS_AES_128_GCM_SHA256",
      "TLS_CHACHA20_POLY1305_SHA256",
      "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
      "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
      "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
      "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
      "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
      "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

  /**
   * The same suites with ChaCha20-Poly1305 first in each group, for the telemetry listener (the
   * server's order decides: the JDK's server honours its own). The hub runs Java under C1 only,
   * where AES-GCM has no intrinsics: measured there, AES-256-GCM costs about 44 us per KB of
   * record and ChaCha20-Poly1305 about 13, and every telemetry message is decrypted by the hub.
   * A client without ChaCha20 still gets AES-GCM. The hub's Mosquitto prefers it for the same
   * reason ({@code MosquittoConf}).
   */
  public static final List<String> CHACHA_FIRST = List.of(
      "TLS_CHACHA20_POLY1305_SHA256",
      "TLS_AES_256_GCM_SHA384",
      "TLS_AES_128_GCM_SHA256",
      "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
      "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
      "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
      "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
      "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
      "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");

  private TlsSuites() {}
}
