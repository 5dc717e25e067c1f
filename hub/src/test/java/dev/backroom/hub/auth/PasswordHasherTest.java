package dev.backroom.hub.auth;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PasswordHasherTest {
  private static final PasswordHasher HASHER = new PasswordHasher(new SecureRandom());

  record Case(String stored, String password, boolean matches) {}

  static List<Case> cases() {
    String h = HASHER.hash("correct horse");
    return List.of(
        new Case(h, "correct horse", true),
        new Case(h, "correct horse ", false),
        new Case(h, "Correct horse", false),
        new Case(h, "", false),
        new Case(HASHER.hash("ünïcødé pässwörd"), "ünïcødé pässwörd", true),
        new Case(h.replace("t=2", "t=3"), "correct horse", false),
        new Case("5f4dcc3b5aa765d61d8327deb882cf99", "password", false),
        new Case("$argon2id$v=19$m=19456,t=2,p=1$bad", "correct horse", false),
        new Case(null, "correct horse", false),
        new Case(h, null, false));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void verify(Case c) {
    assertTrue(HASHER.verify(c.password(), c.stored()) == c.matches(), c.toString());
  }

  @org.junit.jupiter.api.Test
  void samePassword_differentSaltsAndHashes() {
    String a = HASHER.hash("same");
    String b = HASHER.hash("same");
    assertNotEquals(a, b);
    assertTrue(a.startsWith("$argon2id$v=19$m=19456,t=2,p=1$"));
    assertFalse(a.contains("same"));
    assertTrue(HASHER.verify("same", a) && HASHER.verify("same", b));
  }

  /**
   * An unknown user costs one Argon2id derivation at today's parameters, as a wrong password
   * does: at least half of a real verification's time (medians, after a warm-up).
   */
  @org.junit.jupiter.api.Test
  void burn_costsAboutOneVerification() {
    String h = HASHER.hash("correct horse");
    assertDoesNotThrow(() -> HASHER.burn(null));
    long[] verify = new long[5];
    long[] burn = new long[5];
    for (int i = 0; i < 5; i++) {
      long t0 = System.nanoTime();
      HASHER.verify("wrong horse", h);
      verify[i] = System.nanoTime() - t0;
      t0 = System.nanoTime();
      HASHER.burn("wrong horse");
      burn[i] = System.nanoTime() - t0;
    }
    java.util.Arrays.sort(verify);
    java.util.Arrays.sort(burn);
    assertTrue(burn[2] * 2 >= verify[2], "burn " + burn[2] + " ns, verify " + verify[2] + " ns");
  }
}
