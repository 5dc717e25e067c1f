package dev.backroom.sync.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class CloudIdentityFileTest {
  @TempDir Path dir;

  private static CloudIdentity identity() {
    StoreCredential c = StoreCredential.issue("S1", new Random(3));
    return new CloudIdentity("http://127.0.0.1:8090", "S1", c.token());
  }

  @Test
  void written_isOwnerOnly_andReadsBack() throws IOException {
    Path file = CloudIdentityFile.write(dir.resolve("data"), identity());

    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    assertEquals(Optional.of(identity()), CloudIdentityFile.read(dir.resolve("data")));
    assertFalse(Files.exists(file.resolveSibling(CloudIdentity.FILE_NAME + ".tmp")));
  }

  @Test
  void rewritten_replacesThePreviousIdentity() throws IOException {
    CloudIdentityFile.write(dir, identity());
    CloudIdentity next = new CloudIdentity("https://127.0.0.1:9443", "S1",
        StoreCredential.issue("S1", new Random(4)).token());
    CloudIdentityFile.write(dir, next);
    assertEquals(Optional.of(next), CloudIdentityFile.read(dir));
  }

  @Test
  void neverEnrolled_readsEmpty() throws IOException {
    assertEquals(Optional.empty(), CloudIdentityFile.read(dir));
  }

  record Bad(String name, String content, String reasonPart) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Bad> badFiles() {
    String cred = StoreCredential.issue("S1", new Random(3)).token();
    return Stream.of(
        new Bad("not JSON", "{", "not valid JSON"),
        new Bad("no url", "{\"storeId\":\"S1\",\"credential\":\"" + cred + "\"}", "cloudUrl: is required"),
        new Bad("ftp url", "{\"cloudUrl\":\"ftp://h\",\"storeId\":\"S1\",\"credential\":\"" + cred + "\"}",
            "http or https"),
        new Bad("credential of another store",
            "{\"cloudUrl\":\"http://127.0.0.1\",\"storeId\":\"S2\",\"credential\":\"" + cred + "\"}",
            "credential is for store S1"),
        new Bad("garbled credential",
            "{\"cloudUrl\":\"http://127.0.0.1\",\"storeId\":\"S1\",\"credential\":\"brs1.S1.x\"}",
            "credential: secret"));
  }

  @ParameterizedTest
  @MethodSource("badFiles")
  void badFile_failsWithTheFileAndTheReason(Bad c) throws IOException {
    Files.writeString(CloudIdentityFile.path(dir), c.content(), StandardCharsets.UTF_8);
    IOException e = assertThrows(IOException.class, () -> CloudIdentityFile.read(dir));
    assertTrue(e.getMessage().contains(CloudIdentity.FILE_NAME), e.getMessage());
    assertTrue(e.getMessage().contains(c.reasonPart()), e.getMessage());
  }

  @Test
  void invalidIdentity_isNotWritten() {
    CloudIdentity bad = new CloudIdentity("http://127.0.0.1", "S1", "nope");
    assertThrows(IllegalArgumentException.class, () -> CloudIdentityFile.write(dir, bad));
    assertFalse(Files.exists(CloudIdentityFile.path(dir)));
  }

  @Test
  void toString_hidesTheCredential() {
    assertFalse(identity().toString().contains(identity().credential()));
    assertTrue(identity().toString().contains("S1"));
  }
}
