package dev.backroom.hub.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id password hashes in the PHC string format
 * ({@code $argon2id$v=19$m=19456,t=2,p=1$salt$hash}), with a fresh 16-byte salt per hash.
 * The parameters are read back from each stored hash, so raising them later keeps old hashes
 * verifiable. 19 MiB, 2 passes, 1 lane is OWASP's minimum for Argon2id.
 */
public final class PasswordHasher {
  static final int MEMORY_KIB = 19_456;
  static final int ITERATIONS = 2;
  static final int PARALLELISM = 1;
  private static final int SALT_BYTES = 16;
  private static final int HASH_BYTES = 32;
  private static final Pattern PHC = Pattern.compile(
      "\\$argon2id\\$v=19\\$m=(\\d{1,7}),t=(\\d{1,3}),p=(\\d{1,2})\\$([A-Za-z0-9+/]+)\\$([A-Za-z0-9+/]+)");
  private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getDecoder();

  /**
   * The salt of the derivations that only spend time (an unknown user, a malformed hash): with
   * today's parameters one costs exactly what verifying a real hash costs. No dummy hash is made
   * at start: a cold JVM took 0.3 to 1 s for that first Argon2id, on the hub's start to ready.
   */
  private static final byte[] BURN_SALT = new byte[SALT_BYTES];

  private final SecureRandom random;

  public PasswordHasher(SecureRandom random) {
    this.random = random;
  }

  public String hash(String password) {
    byte[] salt = new byte[SALT_BYTES];
    random.nextBytes(salt);
    byte[] out = derive(password, salt, MEMORY_KIB, ITERATIONS, PARALLELISM, HASH_BYTES);
    return "$argon2id$v=19$m=" + MEMORY_KIB + ",t=" + ITERATIONS + ",p=" + PARALLELISM + "$"
        + B64.encodeToString(salt) + "$" + B64.encodeToString(out);
  }

  /** True when {@code password} matches {@code stored}; a null or malformed hash never matches. */
  public boolean verify(String password, String stored) {
    Matcher m = stored == null ? null : PHC.matcher(stored);
    if (password == null || m == null || !m.matches()) {
      burn(password);
      return false;
    }
    byte[] salt = B64D.decode(m.group(4));
    byte[] expected = B64D.decode(m.group(5));
    byte[] actual = derive(password, salt, Integer.parseInt(m.group(1)),
        Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)), expected.length);
    return MessageDigest.isEqual(expected, actual);
  }

  /** Spends the time of one verification, for an unknown user. */
  public void burn(String password) {
    derive(password == null ? "" : password, BURN_SALT, MEMORY_KIB, ITERATIONS, PARALLELISM,
        HASH_BYTES);
  }

  private static byte[] derive(String password, byte[] salt, int memoryKib, int iterations,
      int parallelism, int length) {
    Argon2Parameters params = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
        .withVersion(Argon2Parameters.ARGON2_VERSION_13).withMemoryAsKB(memoryKib)
        .withIterations(iterations).withParallelism(parallelism).withSalt(salt).build();
    Argon2BytesGenerator gen = new Argon2BytesGenerator();
    gen.init(params);
    byte[] out = new byte[length];
    gen.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
    return out;
  }
}
