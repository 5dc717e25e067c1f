package dev.backroom.config.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OwnerOnlyTest {
  @TempDir Path tmp;

  @BeforeEach
  void posixOnly() {
    // Every machine Backroom runs on (Linux) has POSIX modes; a failed assumption would show as
    // skipped, never as passed.
    assertTrue(OwnerOnly.posix(tmp), "these tests need a file system with POSIX permissions"
        + " (the hub, agent and cloud refuse to keep their data anywhere else)");
  }

  @Test
  void directory_createsMissingDirectoryAndParents0700() throws IOException {
    Path dir = tmp.resolve("data/hub");
    OwnerOnly.directory(dir);
    assertEquals("rwx------", mode(dir));
    assertEquals("rwx------", mode(tmp.resolve("data")));
  }

  @Test
  void createDirectories_makesTheMissingOwnerOnly_andLeavesAnExistingParentAlone()
      throws IOException {
    Path shared = Files.createDirectory(tmp.resolve("shared"));
    Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxr-xr-x"));
    OwnerOnly.createDirectories(shared.resolve("a/b"));
    assertEquals("rwxr-xr-x", mode(shared));
    assertEquals("rwx------", mode(shared.resolve("a")));
    assertEquals("rwx------", mode(shared.resolve("a/b")));
    OwnerOnly.createDirectories(shared);
    assertEquals("rwxr-xr-x", mode(shared), "an existing directory is not narrowed");
  }

  @Test
  void directory_narrowsAnExistingOpenDirectory() throws IOException {
    Path dir = Files.createDirectory(tmp.resolve("open"));
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    OwnerOnly.directory(dir);
    assertEquals("rwx------", mode(dir));
  }

  @Test
  void file_narrowsAnExistingFile_andLeavesAMissingOneMissing() throws IOException {
    Path f = Files.writeString(tmp.resolve("hub.mv.db"), "x");
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
    OwnerOnly.file(f);
    assertEquals("rw-------", mode(f));
    OwnerOnly.file(tmp.resolve("missing"));
    assertFalse(Files.exists(tmp.resolve("missing")));
  }

  /** Verifies that a whole data directory (the hub's: H2 files, tls/) ends up owner-only. */
  @Test
  void tree_narrowsEveryDirectoryAndFile_andReportsWhatChanged() throws IOException {
    Path data = Files.createDirectory(tmp.resolve("hub"));
    Path tls = Files.createDirectory(data.resolve("tls"));
    Path db = Files.writeString(data.resolve("hub.mv.db"), "db");
    Path trace = Files.writeString(data.resolve("hub.trace.db"), "trace");
    Path ca = Files.writeString(tls.resolve("ca.pem"), "ca");
    Path done = Files.writeString(data.resolve("already"), "ok");
    for (Path p : List.of(data, tls)) {
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    for (Path p : List.of(db, trace, ca)) {
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-r--r--"));
    }
    Files.setPosixFilePermissions(done, OwnerOnly.FILE);

    List<Path> changed = OwnerOnly.tree(data);

    for (Path p : List.of(data, tls)) {
      assertEquals("rwx------", mode(p), p.toString());
    }
    for (Path p : List.of(db, trace, ca, done)) {
      assertEquals("rw-------", mode(p), p.toString());
    }
    assertEquals(5, changed.size(), changed.toString());
    assertFalse(changed.contains(done));
    assertEquals(List.of(), OwnerOnly.tree(data), "a second pass has nothing to do");
  }

  /** Verifies that a link planted in the directory does not get its target's mode changed. */
  @Test
  void tree_doesNotFollowLinks() throws IOException {
    Path outside = Files.writeString(tmp.resolve("outside"), "shared");
    Files.setPosixFilePermissions(outside, PosixFilePermissions.fromString("rw-r--r--"));
    Path data = Files.createDirectory(tmp.resolve("data"));
    Files.createSymbolicLink(data.resolve("link"), outside);
    OwnerOnly.tree(data);
    assertEquals("rw-r--r--", mode(outside));
    assertTrue(Files.isSymbolicLink(data.resolve("link")));
  }

  private static String mode(Path p) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
  }
}
