package dev.backroom.mqtt.signing;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Ed25519 keys as the hub and the agent keep and exchange them: PEM (X.509 SubjectPublicKeyInfo
 * for the public key, PKCS#8 for the private one), read by the JDK alone. A key id is
 * {@code sha256:} and the hex SHA-256 of the public key's DER, so anyone holding the public key
 * can compute it and no registry of ids is needed.
 */
public final class SigningKeys {
  public static final String ALGORITHM = "Ed25519";
  private static final String PUBLIC = "PUBLIC KEY";
  private static final String PRIVATE = "PRIVATE KEY";

  private SigningKeys() {}

  public static KeyPair generate() {
    try {
      return KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no Ed25519 (JDK 15+ has it built in)", e);
    }
  }

  public static String keyId(PublicKey key) {
    try {
      return "sha256:" + HexFormat.of().formatHex(
          MessageDigest.getInstance("SHA-256").digest(key.getEncoded()));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String publicPem(PublicKey key) {
    return pem(PUBLIC, key.getEncoded());
  }

  public static String privatePem(PrivateKey key) {
    return pem(PRIVATE, key.getEncoded());
  }

  /** @throws IllegalArgumentException when {@code pem} holds no Ed25519 public key */
  public static PublicKey parsePublicPem(String pem) {
    try {
      return KeyFactory.getInstance(ALGORITHM).generatePublic(
          new X509EncodedKeySpec(der(pem, PUBLIC)));
    } catch (GeneralSecurityException | ClassCastException e) {
      throw new IllegalArgumentException("not an Ed25519 public key: " + e.getMessage(), e);
    }
  }

  /** @throws IllegalArgumentException when {@code pem} holds no Ed25519 private key */
  public static PrivateKey parsePrivatePem(String pem) {
    try {
      return KeyFactory.getInstance(ALGORITHM).generatePrivate(
          new PKCS8EncodedKeySpec(der(pem, PRIVATE)));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("not an Ed25519 private key: " + e.getMessage(), e);
    }
  }

  private static String pem(String label, byte[] der) {
    return "-----BEGIN " + label + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END " + label + "-----\n";
  }

  private static byte[] der(String pem, String label) {
    if (pem == null) {
      throw new IllegalArgumentException("no PEM");
    }
    String begin = "-----BEGIN " + label + "-----";
    String end = "-----END " + label + "-----";
    int b = pem.indexOf(begin);
    int e = pem.indexOf(end);
    if (b < 0 || e < b) {
      throw new IllegalArgumentException("no " + label + " block");
    }
    try {
      return Base64.getMimeDecoder().decode(pem.substring(b + begin.length(), e));
    } catch (IllegalArgumentException ex) {
      throw new IllegalArgumentException("bad base64 in " + label + " block", ex);
    }
  }
}
