package dev.backroom.sync.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.random.RandomGenerator;

/**
 * A store's credential, {@code brs1.<storeId>.<secret>} with a 32-byte base64url secret. The cloud
 * keeps only {@link #secretHash()}; the store id is read from here, never from a URL or body, so a
 * store can only ever act as itself.
 */
public record StoreCredential(String storeId, String secret) {
  public static final String PREFIX = "brs1";
  public static final int SECRET_BYTES = 32;
  private static final String BEARER = "Bearer ";
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  public StoreCredential {
    StoreIds.problem(storeId).ifPresent(p -> {
      throw new CredentialFormatException("store id " + p);
    });
    if (secret == null || !secretWellFormed(secret)) {
      throw new CredentialFormatException("secret must be " + SECRET_BYTES
          + " bytes in unpadded base64url");
    }
  }

  /**
   * Issues a fresh credential. Pass a {@link java.security.SecureRandom} in production; tests pass
   * a seeded generator.
   */
  public static StoreCredential issue(String storeId, RandomGenerator random) {
    byte[] secret = new byte[SECRET_BYTES];
    random.nextBytes(secret);
    return new StoreCredential(storeId, B64.encodeToString(secret));
  }

  /**
   * Parses the token form.
   *
   * @throws CredentialFormatException with the reason; the message never repeats the secret
   */
  public static StoreCredential parse(String token) {
    if (token == null || token.isBlank()) {
      throw new CredentialFormatException("credential is missing");
    }
    String[] parts = token.strip().split("\\.", -1);
    if (parts.length != 3 || !PREFIX.equals(parts[0])) {
      throw new CredentialFormatException("credential must look like " + PREFIX
          + ".<storeId>.<secret>");
    }
    return new StoreCredential(parts[1], parts[2]);
  }

  /** Parses an {@code Authorization} header value, {@code Bearer <token>}. */
  public static StoreCredential fromAuthorization(String header) {
    if (header == null || header.isBlank()) {
      throw new CredentialFormatException("Authorization header is missing");
    }
    if (!header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      throw new CredentialFormatException("Authorization header must be 'Bearer <credential>'");
    }
    return parse(header.substring(BEARER.length()));
  }

  /** The token as the store sends it. */
  public String token() {
    return PREFIX + "." + storeId + "." + secret;
  }

  public String authorizationHeader() {
    return BEARER + token();
  }

  /** Lower-case hex sha256 of the secret: all the cloud stores. */
  public String secretHash() {
    return sha256Hex(secret);
  }

  /** Compares with a stored {@link #secretHash()} in constant time. */
  public boolean matches(String storedHash) {
    return storedHash != null && MessageDigest.isEqual(
        secretHash().getBytes(StandardCharsets.US_ASCII),
        storedHash.getBytes(StandardCharsets.US_ASCII));
  }

  /** Keeps the secret out of logs and exception messages. */
  @Override
  public String toString() {
    return PREFIX + "." + storeId + ".***";
  }

  private static boolean secretWellFormed(String s) {
    try {
      return Base64.getUrlDecoder().decode(s).length == SECRET_BYTES && !s.contains("=");
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  static String sha256Hex(String text) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(d.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
