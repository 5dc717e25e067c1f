package dev.backroom.hub.enrollment;

import java.security.SecureRandom;
import java.util.Base64;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * bcrypt (salted, tunable cost) for everything the hub must recognise but never keep: device
 * secrets, workload secrets and activation codes. The cost is a setting: every enrolment and
 * every first connect after a hub start pays it once (the broker caches what it has verified).
 */
public final class SecretHash {
  private static final SecureRandom RANDOM = new SecureRandom();
  private final int cost;

  /** @param cost bcrypt's log2 rounds, 4 to 31; 10 is about 50 ms here, tests use 4 */
  public SecretHash(int cost) {
    if (cost < 4 || cost > 31) {
      throw new IllegalArgumentException("bcrypt cost must be 4..31, not " + cost);
    }
    this.cost = cost;
  }

  public String hash(String secret) {
    byte[] salt = new byte[16];
    RANDOM.nextBytes(salt);
    return OpenBSDBCrypt.generate(secret.toCharArray(), salt, cost);
  }

  /** False for a null secret or a malformed stored hash, never an exception. */
  public static boolean verify(String secret, String stored) {
    if (secret == null || stored == null) {
      return false;
    }
    try {
      return OpenBSDBCrypt.checkPassword(stored, secret.toCharArray());
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** A fresh random secret: 32 bytes, base64url without padding. */
  public static String newSecret() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }
}
