package dev.backroom.mqtt.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The store CA a client trusts, and nothing else: never the JVM's default trust store, because a
 * public CA has no say over which machine is this store's hub. Built from the PEM the hub hands
 * out at enrolment ({@code hub-ca.pem}).
 */
public final class PinnedCa {
  private final X509Certificate ca;

  private PinnedCa(X509Certificate ca) {
    this.ca = ca;
  }

  /** @throws IllegalArgumentException when {@code pem} holds no X.509 certificate */
  public static PinnedCa fromPem(String pem) {
    return new PinnedCa(parse(pem));
  }

  /** @throws IOException when the file cannot be read or holds no certificate (message says which) */
  public static PinnedCa fromFile(Path file) throws IOException {
    try {
      return fromPem(Files.readString(file, StandardCharsets.US_ASCII));
    } catch (IllegalArgumentException e) {
      throw new IOException(file + ": " + e.getMessage(), e);
    }
  }

  public X509Certificate certificate() {
    return ca;
  }

  /** {@code sha256:<hex>} of the DER certificate, as {@code backroom hub activation create} prints it. */
  public String fingerprint() {
    return fingerprint(ca);
  }

  public static String fingerprint(X509Certificate cert) {
    try {
      return "sha256:" + HexFormat.of().formatHex(
          MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Normalises a user's pin ({@code sha256:AB:CD...}, any case, colons optional) to the form of
   * {@link #fingerprint()}.
   *
   * @throws IllegalArgumentException when it is not {@code sha256:} and 64 hex digits
   */
  public static String normalizeFingerprint(String pin) {
    String p = pin.trim().toLowerCase(Locale.ROOT);
    if (!p.startsWith("sha256:")) {
      throw new IllegalArgumentException("a CA fingerprint is sha256:<64 hex digits>, not '" + pin + "'");
    }
    String hex = p.substring(7).replace(":", "");
    if (!hex.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("a CA fingerprint is sha256:<64 hex digits>, not '" + pin + "'");
    }
    return "sha256:" + hex;
  }

  /** A trust manager whose only anchor is this CA (PKIX path checks as usual). */
  public X509TrustManager trustManager() {
    try {
      KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
      ks.load(null, null);
      ks.setCertificateEntry("store-ca", ca);
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(ks);
      for (TrustManager tm : tmf.getTrustManagers()) {
        if (tm instanceof X509TrustManager x) {
          return x;
        }
      }
      throw new IllegalStateException("no X509TrustManager");
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot build a trust store for the store CA", e);
    }
  }

  public SSLContext sslContext() {
    return sslContext(trustManager());
  }

  static SSLContext sslContext(X509TrustManager tm) {
    try {
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, new TrustManager[] {tm}, null);
      return ctx;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Sockets for {@code ssl://} MQTT that trust only this CA. The host name check is Paho's
   * (its HTTPS host name verification is on by default), so the broker's certificate must name
   * the host connected to.
   */
  public SSLSocketFactory socketFactory() {
    return sslContext().getSocketFactory();
  }

  public String pem() {
    try {
      return toPem(ca.getEncoded());
    } catch (CertificateException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String toPem(byte[] der) {
    return "-----BEGIN CERTIFICATE-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END CERTIFICATE-----\n";
  }

  private static X509Certificate parse(String pem) {
    if (pem == null || !pem.contains("-----BEGIN CERTIFICATE-----")) {
      throw new IllegalArgumentException("no PEM certificate (-----BEGIN CERTIFICATE-----)");
    }
    try {
      List<? extends java.security.cert.Certificate> certs = List.copyOf(CertificateFactory
          .getInstance("X.509").generateCertificates(new ByteArrayInputStream(
              pem.getBytes(StandardCharsets.US_ASCII))));
      if (certs.isEmpty()) {
        throw new IllegalArgumentException("no PEM certificate");
      }
      return (X509Certificate) certs.get(0);
    } catch (CertificateException e) {
      throw new IllegalArgumentException("not a valid X.509 certificate: " + e.getMessage(), e);
    }
  }
}
