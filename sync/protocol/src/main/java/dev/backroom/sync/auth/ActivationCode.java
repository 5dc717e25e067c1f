package dev.backroom.sync.auth;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.spec.InvalidKeySpecException;
import java.util.Base64;
import java.util.random.RandomGenerator;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Activation codes: 20 random characters shown once, kept only as a PBKDF2 hash. PBKDF2 rather
 * than sha256 because, unlike a credential secret, a code is short enough to be worth guessing
 * from a stolen database.
 *
 * <p>Stored form: {@code pbkdf2-sha256$<iterations>$<salt b64>$<hash b64>}.
 */
public final class ActivationCode {
  public static final int LENGTH = 20;
  /** No 0/O, 1/I/L: codes are read aloud and typed in by people in a back room. */
  static final String ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
  public static final int DEFAULT_ITERATIONS = 210_000;
  private static final String SCHEME = "pbkdf2-sha256";
  private static final int SALT_BYTES = 16;
  private static final int HASH_BITS = 256;

  private ActivationCode() {}

  /** A fresh code; pass a {@link java.security.SecureRandom} in production. */
  public static String generate(RandomGenerator random) {
    StringBuilder sb = new StringBuilder(LENGTH);
    for (int i = 0; i < LENGTH; i++) {
      sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    return sb.toString();
  }

  public static String hash(String code, RandomGenerator random) {
    return hash(code, random, DEFAULT_ITERATIONS);
  }

  /** Hashes with a fresh salt; fewer iterations are for tests only. */
  public static String hash(String code, RandomGenerator random, int iterations) {
    byte[] salt = new byte[SALT_BYTES];
    random.nextBytes(salt);
    Base64.Encoder b64 = Base64.getEncoder();
    return SCHEME + "$" + iterations + "$" + b64.encodeToString(salt) + "$"
        + b64.encodeToString(derive(code, salt, iterations));
  }

  /**
   * Whether {@code code} is the one {@code stored} was made from. A malformed stored value or a
   * null code is a mismatch, not an exception.
   */
  public static boolean verify(String code, String stored) {
    if (code == null || stored == null) {
      return false;
    }
    String[] parts = stored.split("\\$", -1);
    if (parts.length != 4 || !SCHEME.equals(parts[0])) {
      return false;
    }
    try {
      int iterations = Integer.parseInt(parts[1]);
      byte[] salt = Base64.getDecoder().decode(parts[2]);
      byte[] expected = Base64.getDecoder().decode(parts[3]);
      if (iterations < 1 || salt.length == 0) {
        return false;
      }
      return MessageDigest.isEqual(expected, derive(normalise(code), salt, iterations));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** People type codes with spaces, dashes or lower case; none of that is part of the code. */
  static String normalise(String code) {
    return code.replaceAll("[\\s-]", "").toUpperCase(java.util.Locale.ROOT);
  }

  private static byte[] derive(String code, byte[] salt, int iterations) {
    PBEKeySpec spec = new PBEKeySpec(normalise(code).toCharArray(), salt, iterations, HASH_BITS);
    try {
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
    } catch (NoSuchAlgorithmException | InvalidKeySpecException e) {
      throw new IllegalStateException("every JDK has PBKDF2WithHmacSHA256", e);
    } finally {
      spec.clearPassword();
    }
  }
}
