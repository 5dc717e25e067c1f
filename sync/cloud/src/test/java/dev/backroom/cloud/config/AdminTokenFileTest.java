package dev.backroom.cloud.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminTokenFileTest {
  @TempDir Path dir;

  @Test
  void generatesMode0600_thenReusesTheSameToken() throws Exception {
    Path file = dir.resolve("sub/admin-token");
    String first = AdminTokenFile.readOrCreate(file, new Random(1));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    assertTrue(first.length() >= 40, first);
    assertEquals(first, AdminTokenFile.readOrCreate(file, new Random(2)));
  }

  @Test
  void emptyFile_isAClearError() throws Exception {
    Path file = dir.resolve("admin-token");
    Files.writeString(file, "\n");
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> AdminTokenFile.readOrCreate(file, new Random(1)));
    assertTrue(e.getMessage().contains("is empty"), e.getMessage());
  }
}
