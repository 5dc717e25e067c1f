package dev.backroom.hub.accesskeys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backroom.ecs.keys.AccessKeyIds;
import dev.backroom.ecs.keys.SecretSealer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The sealing of secrets, the ids and secrets' shapes and the sealing key file, without the app. */
class AccessKeyCryptoTest {
  static final String ID = "BKRMAAAAAAAAAAAAAAAA";
  static final String OTHER_ID = "BKRMBBBBBBBBBBBBBBBB";
  static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

  @TempDir Path dir;

  static SecretSealer sealer(int seed) {
    byte[] key = new byte[32];
    new Random(seed).nextBytes(key);
    return new SecretSealer(key, new SecureRandom());
  }

  @Test
  void sealThenOpen_givesTheSecretBack_andTheSealedBytesHoldNoPlaintext() {
    SecretSealer s = sealer(1);
    byte[] sealed = s.seal(ID, SECRET);
    assertEquals(Optional.of(SECRET), s.open(ID, sealed));
    assertEquals(1 + 12 + SECRET.length() + 16, sealed.length, "version, nonce, text, tag");
    String asText = new String(sealed, StandardCharsets.ISO_8859_1);
    assertFalse(asText.contains(SECRET.substring(0, 8)), "no run of the secret in the bytes");
  }

  @Test
  void sealingTwice_usesFreshNonces() {
    SecretSealer s = sealer(1);
    assertFalse(Arrays.equals(s.seal(ID, SECRET), s.seal(ID, SECRET)));
  }

  /** A way to misuse sealed bytes, which must never open. */
  record Tamper(String name, UnaryOperator<byte[]> bytes, String id, int keySeed) {
    @Override
    public String toString() {
      return name;
    }
  }

  static List<Tamper> tampering() {
    return List.of(
        new Tamper("under another key id (a row copied to another key)", b -> b, OTHER_ID, 1),
        new Tamper("with another sealing key", b -> b, ID, 2),
        new Tamper("a ciphertext bit flipped", b -> flip(b, 14), ID, 1),
        new Tamper("a nonce bit flipped", b -> flip(b, 3), ID, 1),
        new Tamper("a tag bit flipped", b -> flip(b, b.length - 1), ID, 1),
        new Tamper("an unknown version", b -> { b[0] = 2; return b; }, ID, 1),
        new Tamper("truncated", b -> Arrays.copyOf(b, b.length - 1), ID, 1),
        new Tamper("shorter than a nonce and tag", b -> Arrays.copyOf(b, 20), ID, 1),
        new Tamper("empty", b -> new byte[0], ID, 1),
        new Tamper("null", b -> null, ID, 1));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("tampering")
  void tamperedOrMisplacedSealedBytes_doNotOpen(Tamper t) {
    byte[] sealed = sealer(1).seal(ID, SECRET);
    assertEquals(Optional.empty(), sealer(t.keySeed()).open(t.id(), t.bytes().apply(sealed)));
  }

  @Test
  void aKeyOfAnotherSize_isRefused() {
    assertThrows(IllegalArgumentException.class, () -> new SecretSealer(new byte[16],
        new SecureRandom()));
    assertThrows(IllegalArgumentException.class, () -> new SecretSealer(null, new SecureRandom()));
  }

  @Test
  void idsAndSecrets_haveAwsShapes_andDiffer() {
    SecureRandom r = new SecureRandom();
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 500; i++) {
      String id = AccessKeyIds.newId(r);
      String secret = AccessKeyIds.newSecret(r);
      assertTrue(id.matches("BKRM[A-Z2-7]{16}"), id);
      assertEquals(20, id.length());
      assertTrue(AccessKeyIds.validId(id));
      assertTrue(secret.matches("[A-Za-z0-9+/]{40}"), secret);
      ids.add(id);
    }
    assertEquals(500, ids.size());
  }

  @Test
  void idShape_refusesWhatNewIdNeverMakes() {
    for (String bad : new String[] {null, "", "AKIAIOSFODNN7EXAMPLE", "BKRMaaaaaaaaaaaaaaaa",
        "BKRMAAAAAAAAAAAAAAA", "BKRMAAAAAAAAAAAAAAAAA", "BKRM0000000000000000", "x"}) {
      assertFalse(AccessKeyIds.validId(bad), bad);
    }
  }

  @Test
  void sealingKeyFile_isMadeOnce_0600InA0700Directory_andReadBackTheSame() throws Exception {
    Path keys = dir.resolve("access-keys");
    SealingKeyFile.Opened first = SealingKeyFile.openOrCreate(keys, new SecureRandom());
    SealingKeyFile.Opened second = SealingKeyFile.openOrCreate(keys, new SecureRandom());
    assertTrue(first.created());
    assertFalse(second.created());
    assertTrue(Arrays.equals(first.key(), second.key()));
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keys)));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(
        keys.resolve(SealingKeyFile.FILE))));
    byte[] sealed = new SecretSealer(first.key(), new SecureRandom()).seal(ID, SECRET);
    assertEquals(Optional.of(SECRET),
        new SecretSealer(second.key(), new SecureRandom()).open(ID, sealed));
  }

  @Test
  void loosenedSealingKeyFile_isNarrowedWhenRead() throws Exception {
    Path keys = dir.resolve("access-keys");
    SealingKeyFile.openOrCreate(keys, new SecureRandom());
    Files.setPosixFilePermissions(keys.resolve(SealingKeyFile.FILE),
        PosixFilePermissions.fromString("rw-r--r--"));
    SealingKeyFile.openOrCreate(keys, new SecureRandom());
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(
        keys.resolve(SealingKeyFile.FILE))));
  }

  @Test
  void aSealingKeyFileThatHoldsNoKey_stopsTheStart_andIsLeftAsItWas() throws Exception {
    Path keys = dir.resolve("access-keys");
    for (String junk : new String[] {"not base64!\n", "AAAA\n", ""}) {
      Files.createDirectories(keys);
      Files.writeString(keys.resolve(SealingKeyFile.FILE), junk);
      Exception e = assertThrows(java.io.IOException.class,
          () -> SealingKeyFile.openOrCreate(keys, new SecureRandom()));
      assertTrue(e.getMessage().contains("restore it from a backup"), e.getMessage());
      assertEquals(junk, Files.readString(keys.resolve(SealingKeyFile.FILE)));
    }
  }

  private static byte[] flip(byte[] b, int i) {
    b[i] ^= 1;
    return b;
  }
}
