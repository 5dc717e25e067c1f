package dev.backroom.cloud.accesskeys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Where the cloud's sealing key comes from, without the app. */
class SealingKeyTest {
  @TempDir Path dir;

  @Test
  void firstStartMakesTheFile_0600_andTheNextReadsTheSameKey() throws Exception {
    SealingKey.Loaded made = SealingKey.load(Optional.empty(), dir.resolve("ak"),
        new SecureRandom());
    assertTrue(made.created());
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(
        dir.resolve("ak").resolve(SealingKey.FILE))));
    SealingKey.Loaded again = SealingKey.load(Optional.empty(), dir.resolve("ak"),
        new SecureRandom());
    assertFalse(again.created());
    assertArrayEquals(made.key(), again.key());
    try (var files = Files.list(dir.resolve("ak"))) {
      assertEquals(List.of(SealingKey.FILE), files.map(p -> p.getFileName().toString()).toList());
    }
  }

  @Test
  void theSettingWins_andNoFileIsMade() throws Exception {
    byte[] key = new byte[32];
    key[0] = 7;
    SealingKey.Loaded k = SealingKey.load(Optional.of(Base64.getEncoder().encodeToString(key)),
        dir.resolve("ak"), new SecureRandom());
    assertArrayEquals(key, k.key());
    assertEquals(SealingKey.SETTING, k.source());
    assertFalse(Files.exists(dir.resolve("ak")));
  }

  static List<String> notKeys() {
    return List.of("", "not base64!", Base64.getEncoder().encodeToString(new byte[16]),
        Base64.getEncoder().encodeToString(new byte[33]));
  }

  @ParameterizedTest
  @MethodSource("notKeys")
  void aSettingOrFileWithoutA32ByteKey_stopsTheStart_andTheFileIsKept(String junk)
      throws Exception {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> SealingKey.load(Optional.of(junk), dir, new SecureRandom()));
    assertTrue(e.getMessage().contains(SealingKey.SETTING), e.getMessage());
    Files.writeString(dir.resolve(SealingKey.FILE), junk);
    assertThrows(IllegalStateException.class,
        () -> SealingKey.load(Optional.empty(), dir, new SecureRandom()));
    assertEquals(junk, Files.readString(dir.resolve(SealingKey.FILE)));
  }
}
