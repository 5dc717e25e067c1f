package dev.backroom.sync.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class StoreCredentialTest {
  private static final String SECRET = "A".repeat(42) + "E"; // 32 bytes, unpadded base64url

  record Bad(String name, String token, String reasonPart) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Bad> badTokens() {
    return Stream.of(
        new Bad("null", null, "missing"),
        new Bad("blank", "  ", "missing"),
        new Bad("wrong prefix", "brs2.S1." + SECRET, "brs1.<storeId>.<secret>"),
        new Bad("two parts", "brs1." + SECRET, "brs1.<storeId>.<secret>"),
        new Bad("four parts (dot in store id)", "brs1.S.1." + SECRET, "brs1.<storeId>.<secret>"),
        new Bad("empty store id", "brs1.." + SECRET, "store id is required"),
        new Bad("store id with a slash", "brs1.a/b." + SECRET, "store id must be"),
        new Bad("short secret", "brs1.S1.AAAA", "32 bytes"),
        new Bad("padded secret", "brs1.S1." + "A".repeat(42) + "E=", "32 bytes"),
        new Bad("secret not base64url", "brs1.S1." + "*".repeat(43), "32 bytes"));
  }

  @ParameterizedTest
  @MethodSource("badTokens")
  void malformedToken_isRefusedWithReason_andNeverEchoesTheSecret(Bad c) {
    CredentialFormatException e = assertThrows(CredentialFormatException.class,
        () -> StoreCredential.parse(c.token()));
    assertTrue(e.getMessage().contains(c.reasonPart()), e.getMessage());
    assertFalse(e.getMessage().contains(SECRET), e.getMessage());
  }

  static Stream<Long> seeds() {
    return new Random(20261122L).longs(25).boxed();
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void issuedCredential_parsesBack_andMatchesOnlyItsOwnHash(long seed) {
    Random random = new Random(seed);
    StoreCredential c = StoreCredential.issue("store-" + random.nextInt(1000), random);
    StoreCredential parsed = StoreCredential.parse(c.token());
    StoreCredential other = StoreCredential.issue(c.storeId(), random);

    assertEquals(c, parsed);
    assertEquals(c, StoreCredential.fromAuthorization(c.authorizationHeader()));
    assertTrue(parsed.matches(c.secretHash()));
    assertFalse(other.matches(c.secretHash()));
    assertEquals(64, c.secretHash().length());
    assertFalse(c.toString().contains(c.secret()));
  }

  @Test
  void sameSeed_sameCredential() {
    assertEquals(StoreCredential.issue("S1", new Random(7)), StoreCredential.issue("S1", new Random(7)));
    assertNotEquals(StoreCredential.issue("S1", new Random(7)), StoreCredential.issue("S1", new Random(8)));
  }

  static Stream<String> badHeaders() {
    return Stream.of(null, "", "Basic abc", "Bearer", "Bearer brs1.S1.short");
  }

  @ParameterizedTest
  @MethodSource("badHeaders")
  void badAuthorizationHeader_isRefused(String header) {
    assertThrows(CredentialFormatException.class, () -> StoreCredential.fromAuthorization(header));
  }

  @Test
  void bearerScheme_isCaseInsensitive() {
    StoreCredential c = new StoreCredential("S1", SECRET);
    assertEquals(c, StoreCredential.fromAuthorization("bearer " + c.token()));
  }

  @Test
  void storedHashNullOrForeign_neverMatches() {
    StoreCredential c = new StoreCredential("S1", SECRET);
    assertFalse(c.matches(null));
    assertFalse(c.matches(""));
    assertFalse(c.matches(c.secretHash().toUpperCase()));
    assertTrue(c.matches(c.secretHash()));
  }
}
