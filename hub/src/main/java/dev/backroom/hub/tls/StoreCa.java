package dev.backroom.hub.tls;

import dev.backroom.config.files.OwnerOnly;
import dev.backroom.mqtt.tls.PinnedCa;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The store's own CA and the hub's server certificate, as PEM files in {@code <dir>}:
 * {@code ca.pem}, {@code ca-key.pem}, {@code server.pem} (server certificate, then the CA) and
 * {@code server-key.pem}. Keys are EC P-256, PKCS#8; every file is mode 0600 from its first byte
 * and the directory 0700.
 *
 * <p>The CA is created once and kept: agents pin it at enrolment, so a new one would strand every
 * device. The server certificate is reissued (same CA) when it expires within
 * {@code renewBefore}, lacks one of the wanted names, or was not signed by this CA.
 */
public final class StoreCa {
  static final String CA = "ca.pem";
  static final String CA_KEY = "ca-key.pem";
  static final String SERVER = "server.pem";
  static final String SERVER_KEY = "server-key.pem";
  private static final Duration CA_VALIDITY = Duration.ofDays(20 * 365);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Path dir;
  private final PinnedCa ca;
  private final X509Certificate server;

  private StoreCa(Path dir, PinnedCa ca, X509Certificate server) {
    this.dir = dir;
    this.ca = ca;
    this.server = server;
  }

  /**
   * Loads the CA from {@code dir} or creates it, then makes sure the server certificate is valid
   * for {@code names} (DNS names or IP literals) until at least {@code now + renewBefore}.
   * Serialised per JVM: Quarkus may build its configuration more than once.
   *
   * @throws UncheckedIOException when the files cannot be read or written
   */
  public static synchronized StoreCa loadOrCreate(Path dir, List<String> names, Instant now,
      Duration serverValidity, Duration renewBefore) {
    try {
      // Created owner-only, the data directory too when missing: with TLS on, this runs when
      // the HTTP server first asks for its certificate, which may be before H2 creates its files.
      OwnerOnly.createDirectories(dir);
      OwnerOnly.directory(dir);
      Path caFile = dir.resolve(CA);
      Path caKeyFile = dir.resolve(CA_KEY);
      X509Certificate caCert;
      PrivateKey caKey;
      if (Files.exists(caFile) && Files.exists(caKeyFile)) {
        caCert = PinnedCa.fromFile(caFile).certificate();
        caKey = readKey(caKeyFile);
      } else {
        KeyPair kp = newKeyPair();
        X500Name subject = new X500Name("CN=Backroom store CA " + Long.toHexString(RANDOM.nextLong()));
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(subject, serial(),
            Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(CA_VALIDITY)), subject,
            kp.getPublic());
        JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
        b.addExtension(Extension.keyUsage, true,
            new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        b.addExtension(Extension.subjectKeyIdentifier, false,
            ext.createSubjectKeyIdentifier(kp.getPublic()));
        caCert = sign(b, kp.getPrivate());
        caKey = kp.getPrivate();
        writePrivate(caKeyFile, keyPem(caKey));
        writePrivate(caFile, PinnedCa.toPem(caCert.getEncoded()));
      }
      Path serverFile = dir.resolve(SERVER);
      X509Certificate server = Files.exists(serverFile) && Files.exists(dir.resolve(SERVER_KEY))
          ? PinnedCa.fromFile(serverFile).certificate() : null;
      if (server == null || needsRenewal(server, caCert, names, now, renewBefore)) {
        server = issueServer(dir, caCert, caKey, names, now, serverValidity);
      }
      return new StoreCa(dir, PinnedCa.fromPem(PinnedCa.toPem(caCert.getEncoded())), server);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot set up the store CA in " + dir, e);
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException("cannot set up the store CA in " + dir, e);
    }
  }

  /** localhost, the loopback addresses, this host's name, then {@code extra}; no duplicates. */
  public static List<String> defaultNames(List<String> extra) {
    Set<String> names = new LinkedHashSet<>(List.of("localhost", "127.0.0.1", "::1"));
    try {
      names.add(InetAddress.getLocalHost().getHostName());
    } catch (IOException e) {
      // no resolvable host name: the loopback names and the configured ones still work
    }
    for (String e : extra) {
      if (!e.isBlank()) {
        names.add(e.trim());
      }
    }
    return List.copyOf(names);
  }

  public PinnedCa ca() {
    return ca;
  }

  public X509Certificate serverCertificate() {
    return server;
  }

  public Path caFile() {
    return dir.resolve(CA);
  }

  /** The server certificate followed by the CA, as TLS servers send it. */
  public Path serverChainFile() {
    return dir.resolve(SERVER);
  }

  public Path serverKeyFile() {
    return dir.resolve(SERVER_KEY);
  }

  static boolean needsRenewal(X509Certificate server, X509Certificate ca, List<String> names,
      Instant now, Duration renewBefore) {
    if (server.getNotAfter().toInstant().isBefore(now.plus(renewBefore))) {
      return true;
    }
    try {
      server.verify(ca.getPublicKey());
    } catch (GeneralSecurityException e) {
      return true;
    }
    return !sanValues(server).containsAll(normalized(names));
  }

  static Set<String> sanValues(X509Certificate cert) {
    Set<String> out = new LinkedHashSet<>();
    try {
      var sans = cert.getSubjectAlternativeNames();
      if (sans != null) {
        for (List<?> san : sans) {
          out.add(normalize(String.valueOf(san.get(1))));
        }
      }
    } catch (java.security.cert.CertificateParsingException e) {
      // unreadable names: treated as none, so the certificate is reissued
    }
    return out;
  }

  private static X509Certificate issueServer(Path dir, X509Certificate caCert, PrivateKey caKey,
      List<String> names, Instant now, Duration validity)
      throws GeneralSecurityException, OperatorCreationException, IOException {
    KeyPair kp = newKeyPair();
    List<GeneralName> sans = new ArrayList<>();
    for (String n : names) {
      sans.add(isIpLiteral(n) ? new GeneralName(GeneralName.iPAddress, n)
          : new GeneralName(GeneralName.dNSName, n));
    }
    X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(caCert, serial(),
        Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(validity)),
        new X500Name("CN=" + names.get(0)), kp.getPublic());
    JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
    b.addExtension(Extension.keyUsage, true,
        new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement));
    b.addExtension(Extension.extendedKeyUsage, false,
        new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
    b.addExtension(Extension.subjectAlternativeName, false,
        new GeneralNames(sans.toArray(GeneralName[]::new)));
    b.addExtension(Extension.authorityKeyIdentifier, false,
        ext.createAuthorityKeyIdentifier(caCert));
    X509Certificate cert = sign(b, caKey);
    // Key first: a chain whose key is missing would be reissued next start anyway.
    writePrivate(dir.resolve(SERVER_KEY), keyPem(kp.getPrivate()));
    writePrivate(dir.resolve(SERVER), PinnedCa.toPem(cert.getEncoded())
        + PinnedCa.toPem(caCert.getEncoded()));
    return cert;
  }

  private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey key)
      throws OperatorCreationException, GeneralSecurityException {
    return new JcaX509CertificateConverter().getCertificate(
        b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key)));
  }

  private static KeyPair newKeyPair() throws GeneralSecurityException {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
    return g.generateKeyPair();
  }

  private static BigInteger serial() {
    return new BigInteger(127, RANDOM).add(BigInteger.ONE);
  }

  static boolean isIpLiteral(String n) {
    return n.matches("[0-9.]+") || n.contains(":");
  }

  private static Set<String> normalized(List<String> names) {
    Set<String> out = new LinkedHashSet<>();
    names.forEach(n -> out.add(normalize(n)));
    return out;
  }

  /** IP literals compare by address (::1 and 0:0:0:0:0:0:0:1 are one), names case-insensitively. */
  private static String normalize(String n) {
    if (isIpLiteral(n)) {
      try {
        return InetAddress.getByName(n).getHostAddress();
      } catch (IOException e) {
        return n;
      }
    }
    return n.toLowerCase(java.util.Locale.ROOT);
  }

  private static String keyPem(PrivateKey key) {
    return "-----BEGIN PRIVATE KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
            .encodeToString(key.getEncoded())
        + "\n-----END PRIVATE KEY-----\n";
  }

  private static PrivateKey readKey(Path file) throws IOException, GeneralSecurityException {
    String pem = Files.readString(file, StandardCharsets.US_ASCII);
    String b64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    return KeyFactory.getInstance("EC").generatePrivate(
        new PKCS8EncodedKeySpec(Base64.getDecoder().decode(b64)));
  }

  private static void writePrivate(Path file, String pem) throws IOException {
    Path tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp",
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    moveInto(tmp, file, pem);
  }

  private static void moveInto(Path tmp, Path file, String content) throws IOException {
    try {
      Files.writeString(tmp, content, StandardCharsets.US_ASCII);
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
