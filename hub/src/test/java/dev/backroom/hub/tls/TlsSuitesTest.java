package dev.backroom.hub.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backroom.hub.telemetry.TelemetryService;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URL;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Verifies that the API and the telemetry listener negotiate AEAD suites only: a real TLS
 * client offering nothing but a SHA-1 CBC suite is refused by the server (its fatal alert, not
 * the client giving up), an AEAD suite on TLS 1.2 is accepted, and TLS 1.3 works.
 */
@QuarkusTest
@TestProfile(HubTlsTest.TlsOn.class)
class TlsSuitesTest {
  @TestHTTPResource(value = "/", tls = true) URL https;
  @Inject StoreTls tls;
  @Inject TelemetryService telemetry;

  /** A listener by name and port, and one protocol plus the single suite the client offers. */
  record Case(String listener, String protocol, String suite, boolean accepted) {
    @Override
    public String toString() {
      return listener + " " + protocol + " " + suite + (accepted ? " accepted" : " refused");
    }
  }

  static List<Case> cases() {
    return List.of("api", "telemetry").stream().flatMap(l -> List.of(
        new Case(l, "TLSv1.2", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA", false),
        new Case(l, "TLSv1.2", "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384", false),
        new Case(l, "TLSv1.2", "TLS_RSA_WITH_AES_256_CBC_SHA", false),
        new Case(l, "TLSv1.2", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", true),
        new Case(l, "TLSv1.2", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", true),
        new Case(l, "TLSv1.3", "TLS_AES_128_GCM_SHA256", true),
        new Case(l, "TLSv1.3", "TLS_AES_256_GCM_SHA384", true)).stream()).toList();
  }

  @ParameterizedTest
  @MethodSource("cases")
  void onlyAeadSuitesAreNegotiated(Case c) throws IOException {
    int port = c.listener().equals("api") ? https.getPort() : telemetry.listenerPort();
    SSLSocket s = (SSLSocket) tls.ca().orElseThrow().ca().sslContext().getSocketFactory()
        .createSocket("127.0.0.1", port);
    try (s) {
      s.setSoTimeout(10_000);
      s.setEnabledProtocols(new String[] {c.protocol()});
      assertTrue(Arrays.asList(s.getSupportedCipherSuites()).contains(c.suite()),
          "this JDK can offer " + c.suite());
      s.setEnabledCipherSuites(new String[] {c.suite()});
      if (c.accepted()) {
        s.startHandshake();
        assertEquals(c.suite(), s.getSession().getCipherSuite());
        assertEquals(c.protocol(), s.getSession().getProtocol());
      } else {
        SSLHandshakeException e = assertThrows(SSLHandshakeException.class, s::startHandshake);
        // The server's alert: the client did offer the suite, the server would not take it.
        assertTrue(e.getMessage().contains("Received fatal alert"), e.getMessage());
      }
    }
  }

  /**
   * Verifies that the telemetry listener picks ChaCha20-Poly1305 over AES-GCM even for a client
   * that lists AES-GCM first (the JDK's default order), on TLS 1.3 and 1.2: the hub decrypts
   * every telemetry message under C1, where ChaCha20-Poly1305 is the cheaper of the two.
   */
  @ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource({
      "TLSv1.3, TLS_CHACHA20_POLY1305_SHA256",
      "TLSv1.2, TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256"})
  void telemetryListenerPrefersChaCha20(String protocol, String expected) throws IOException {
    SSLSocket s = (SSLSocket) tls.ca().orElseThrow().ca().sslContext().getSocketFactory()
        .createSocket("127.0.0.1", telemetry.listenerPort());
    try (s) {
      s.setSoTimeout(10_000);
      s.setEnabledProtocols(new String[] {protocol});
      List<String> offered = Arrays.asList(s.getEnabledCipherSuites());
      int aes = offered.indexOf(expected.contains("ECDHE")
          ? "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384" : "TLS_AES_256_GCM_SHA384");
      assertTrue(aes >= 0 && aes < offered.indexOf(expected),
          "the client lists AES-GCM first: " + offered);
      s.startHandshake();
      assertEquals(expected, s.getSession().getCipherSuite());
    }
  }
}
