package dev.backroom.agent.enroll;

import dev.backroom.mqtt.tls.PinnedCa;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.X509TrustManager;

/**
 * How {@code register} trusts the hub on its first HTTPS contact, before it holds the CA: either
 * a CA file the operator copied over, or the CA's fingerprint that {@code backroom hub activation
 * create} printed. With a fingerprint, the hub's chain must contain a CA certificate with exactly
 * that SHA-256, and the server certificate must chain to it and name the host (the JDK's usual
 * checks, with that CA as the only anchor). There is no trust-all mode.
 */
public final class HubTrust {
  private final PinnedCa file;
  private final String fingerprint;

  private HubTrust(PinnedCa file, String fingerprint) {
    this.file = file;
    this.fingerprint = fingerprint;
  }

  public static HubTrust caFile(PinnedCa ca) {
    return new HubTrust(ca, ca.fingerprint());
  }

  /** @throws IllegalArgumentException for a malformed pin */
  public static HubTrust fingerprint(String pin) {
    return new HubTrust(null, PinnedCa.normalizeFingerprint(pin));
  }

  /** {@code sha256:<hex>} of the CA this trust accepts. */
  public String fingerprint() {
    return fingerprint;
  }

  public SSLContext sslContext() {
    try {
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, new javax.net.ssl.TrustManager[] {
          file != null ? file.trustManager() : new FingerprintTrustManager(fingerprint)}, null);
      return ctx;
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The CA in the hub's answer must be the one trusted here, or the registration is refused. */
  public boolean matches(PinnedCa answered) {
    return answered.fingerprint().equals(fingerprint);
  }

  private static final class FingerprintTrustManager implements X509TrustManager {
    private final String pin;

    FingerprintTrustManager(String pin) {
      this.pin = pin;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      List<String> seen = new ArrayList<>();
      for (X509Certificate c : chain) {
        String fp = PinnedCa.fingerprint(c);
        if (fp.equals(pin)) {
          PinnedCa.fromPem(PinnedCa.toPem(c.getEncoded())).trustManager()
              .checkServerTrusted(chain, authType);
          return;
        }
        seen.add(fp);
      }
      throw new CertificateException("the hub's certificate chain holds no CA with fingerprint "
          + pin + " (it sent " + seen + "): not the hub the activation came from?");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      throw new CertificateException("not a server");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
