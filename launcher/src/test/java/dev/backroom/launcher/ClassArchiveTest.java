package dev.backroom.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Verifies the class archive's options: the first start writes it, a later one maps it, a stale
 * one (other jar, other options) is replaced, and options that already choose are left alone.
 */
class ClassArchiveTest {
  private static final List<String> OPTS = List.of("-Xmx48m", "-XX:+UseSerialGC");
  @TempDir Path tmp;
  private Path jar;
  private Path dir;

  @BeforeEach
  void jar() throws IOException {
    jar = Files.writeString(tmp.resolve("app.jar"), "jar");
    dir = tmp.resolve("data/cds");
  }

  @Test
  void firstStart_writesTheArchiveAtExit_inAnOwnerOnlyDirectory() throws IOException {
    List<String> o = ClassArchive.options(dir, "hub", jar, OPTS);
    Path archive = dir.resolve("hub-" + ClassArchive.key(jar, OPTS) + ".jsa");
    assertEquals(List.of("-Xmx48m", "-XX:+UseSerialGC", "-XX:ArchiveClassesAtExit=" + archive,
        "-Xlog:cds=error"), o);
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
    assertFalse(Files.exists(archive), "the JVM writes it at exit, not the launcher");
  }

  @Test
  void laterStart_mapsTheArchive_narrowedToOwnerOnly() throws IOException {
    Path archive = written(ClassArchive.options(dir, "hub", jar, OPTS));
    Files.setPosixFilePermissions(archive, PosixFilePermissions.fromString("r--r--r--"));
    assertEquals(List.of("-Xmx48m", "-XX:+UseSerialGC", "-XX:SharedArchiveFile=" + archive),
        ClassArchive.options(dir, "hub", jar, OPTS));
    assertEquals("rw-------",
        PosixFilePermissions.toString(Files.getPosixFilePermissions(archive)));
  }

  @Test
  void anEmptyArchive_isWrittenAgain() throws IOException {
    Path archive = dir.resolve("hub-" + ClassArchive.key(jar, OPTS) + ".jsa");
    Files.createDirectories(dir);
    Files.createFile(archive);
    assertTrue(ClassArchive.options(dir, "hub", jar, OPTS)
        .contains("-XX:ArchiveClassesAtExit=" + archive));
  }

  @Test
  void aNewBuild_writesAFreshArchive_andRemovesTheStaleOne_ofThatProgramOnly() throws IOException {
    Path stale = written(ClassArchive.options(dir, "hub", jar, OPTS));
    Path agent = written(ClassArchive.options(dir, "agent", jar, OPTS));
    Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar)
        .toMillis() + 60_000));
    List<String> o = ClassArchive.options(dir, "hub", jar, OPTS);
    assertTrue(o.stream().anyMatch(s -> s.startsWith("-XX:ArchiveClassesAtExit=")), o::toString);
    assertFalse(o.contains("-XX:ArchiveClassesAtExit=" + stale));
    assertFalse(Files.exists(stale), "an archive the JVM would refuse is removed");
    assertTrue(Files.exists(agent));
  }

  @Test
  void otherOptions_needAnotherArchive() {
    assertNotEquals(ClassArchive.key(jar, OPTS), ClassArchive.key(jar, List.of("-Xmx64m")));
    assertEquals(ClassArchive.key(jar, OPTS), ClassArchive.key(jar, List.copyOf(OPTS)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"-Xshare:off", "-XX:SharedArchiveFile=/srv/mine.jsa",
      "-XX:ArchiveClassesAtExit=/srv/mine.jsa", "-XX:-UseSharedSpaces"})
  void optionsThatAlreadyChoose_areLeftAlone(String own) {
    List<String> o = List.of("-Xmx48m", own);
    assertEquals(o, ClassArchive.options(dir, "hub", jar, o));
    assertFalse(Files.exists(dir));
  }

  /** What the JVM does at the clean exit of a start with -XX:ArchiveClassesAtExit. */
  private static Path written(List<String> options) throws IOException {
    String at = options.stream().filter(s -> s.startsWith("-XX:ArchiveClassesAtExit="))
        .findFirst().orElseThrow();
    return Files.writeString(Path.of(at.substring(at.indexOf('=') + 1)), "archive");
  }
}
