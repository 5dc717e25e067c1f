package dev.backroom.sync.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ActivationCodeTest {
  private static final int FAST = 1_000; // the default cost is for production, not for a table

  static Stream<Long> seeds() {
    return new Random(4L).longs(20).boxed();
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void generatedCode_hasTwentyUnambiguousChars_andVerifiesAgainstItsHash(long seed) {
    Random random = new Random(seed);
    String code = ActivationCode.generate(random);
    String stored = ActivationCode.hash(code, random, FAST);

    assertEquals(ActivationCode.LENGTH, code.length());
    assertTrue(code.chars().allMatch(ch -> ActivationCode.ALPHABET.indexOf(ch) >= 0), code);
    assertTrue(ActivationCode.verify(code, stored));
    assertFalse(stored.contains(code));
    assertFalse(ActivationCode.verify(ActivationCode.generate(random), stored));
  }

  record Case(String name, String typed, boolean accepted) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> typedCodes() {
    return Stream.of(
        new Case("as shown", "ABCDE-FGHJK-MNPQR-STUVW".replace("-", ""), true),
        new Case("grouped with dashes", "ABCDE-FGHJK-MNPQR-STUVW", true),
        new Case("lower case with spaces", "abcde fghjk mnpqr stuvw", true),
        new Case("one char off", "ABCDEFGHJKMNPQRSTUVX", false),
        new Case("truncated", "ABCDEFGHJKMNPQRSTUV", false),
        new Case("null", null, false),
        new Case("empty", "", false));
  }

  @ParameterizedTest
  @MethodSource("typedCodes")
  void verify_acceptsOnlyTheCode_whateverItsGrouping(Case c) {
    String stored = ActivationCode.hash("ABCDEFGHJKMNPQRSTUVW", new Random(1), FAST);
    assertEquals(c.accepted(), ActivationCode.verify(c.typed(), stored));
  }

  static Stream<String> malformedStored() {
    return Stream.of(null, "", "sha256$x", "pbkdf2-sha256$0$AAAA$AAAA", "pbkdf2-sha256$x$AAAA$AAAA",
        "pbkdf2-sha256$1000$***$AAAA", "pbkdf2-sha256$1000$$AAAA");
  }

  @ParameterizedTest
  @MethodSource("malformedStored")
  void malformedStoredHash_isAMismatchNotACrash(String stored) {
    assertFalse(ActivationCode.verify("ABCDEFGHJKMNPQRSTUVW", stored));
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void sameCode_getsAFreshSaltEachTime(long seed) {
    Random random = new Random(seed);
    assertNotEquals(ActivationCode.hash("ABCDEFGHJKMNPQRSTUVW", random, FAST),
        ActivationCode.hash("ABCDEFGHJKMNPQRSTUVW", random, FAST));
  }
}
