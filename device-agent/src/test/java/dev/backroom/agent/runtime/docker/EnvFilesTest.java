package dev.backroom.agent.runtime.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backroom.agent.runtime.ContainerRuntimeException;
import dev.backroom.config.model.EnvironmentFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EnvFilesTest {
  @TempDir
  Path root;

  private Path dir;
  private Path outside;

  @org.junit.jupiter.api.BeforeEach
  void setUp() throws Exception {
    dir = Files.createDirectories(root.resolve("env-files"));
    outside = Files.writeString(root.resolve("secret.env"), "AGENT_PASSWORD=hunter2\n");
  }

  private Map<String, String> read(String... paths) {
    return EnvFiles.read(java.util.Arrays.stream(paths)
        .map(p -> new EnvironmentFile(p, "file")).toList(), dir);
  }

  private String refusal(String path) {
    return assertThrows(ContainerRuntimeException.class, () -> read(path)).getMessage();
  }

  @Test
  void readsVariables_skipsBlankAndComments_firstDefinitionWins() throws Exception {
    Path a = Files.writeString(dir.resolve("a.env"), """
        # store settings
        STORE=7

          # indented comment
        URL=http://x/?a=b
        QUOTED="kept as is"
        """);
    Path b = Files.writeString(dir.resolve("b.env"), "STORE=8\r\nEXTRA=1\nEMPTY=\n");
    assertEquals(Map.of("STORE", "7", "URL", "http://x/?a=b", "QUOTED", "\"kept as is\"",
        "EXTRA", "1", "EMPTY", ""), EnvFiles.read(List.of(new EnvironmentFile(a.toString(),
        "file"), new EnvironmentFile(b.toString(), "s3")), dir));
    assertEquals(List.of("STORE", "URL", "QUOTED", "EXTRA", "EMPTY"), List.copyOf(
        EnvFiles.read(List.of(new EnvironmentFile(a.toString(), null),
            new EnvironmentFile(b.toString(), null)), dir).keySet()));
  }

  @Test
  void aFileInASubdirectory_isRead() throws Exception {
    Path f = Files.writeString(Files.createDirectories(dir.resolve("pos")).resolve("x.env"),
        "A=1\n");
    assertEquals(Map.of("A", "1"), read(f.toString()));
  }

  @Test
  void aMissingFileFailsNamingIt() {
    String missing = dir.resolve("gone.env").toString();
    String e = refusal(missing);
    assertTrue(e.startsWith("environment file " + missing + " cannot be read"), e);
  }

  @Test
  void aLineWithoutEqualsFailsNamingFileAndLine() throws Exception {
    Path f = Files.writeString(dir.resolve("bad.env"), "A=1\nexport\n");
    assertEquals("environment file " + f + " line 2 is not VARIABLE=VALUE", refusal(f.toString()));
  }

  @Test
  void anS3ArnOrRelativePathIsRefused() {
    ContainerRuntimeException e = assertThrows(ContainerRuntimeException.class,
        () -> EnvFiles.read(List.of(new EnvironmentFile("arn:aws:s3:::b/x.env", "s3")), dir));
    assertTrue(e.getMessage().contains("not an absolute path on the device"), e.getMessage());
  }

  /** Paths outside the directory, whatever they hold, are never opened. */
  @ParameterizedTest(name = "{0}")
  @CsvSource({"/dev/zero", "/proc/self/environ", "/etc/passwd", "/"})
  void anythingOutsideTheDirectory_isRefused(String path) {
    assertEquals("environment file " + path + " refused: it is outside the environment file"
        + " directory " + dir + " (--env-file-dir); the agent reads environment files only from"
        + " there", refusal(path));
  }

  @Test
  void aDotDotEscape_isRefused() {
    String escape = dir + "/../secret.env";
    assertTrue(refusal(escape).startsWith("environment file " + escape + " refused: it is"
        + " outside the environment file directory " + dir), refusal(escape));
    String sibling = dir + "-other/x.env"; // a prefix of the name is not inside
    assertTrue(refusal(sibling).contains("is outside the environment file directory"));
  }

  @Test
  void aSymlinkToAFileOutside_orInside_isRefused() throws Exception {
    Path out = Files.createSymbolicLink(dir.resolve("out.env"), outside);
    assertEquals("environment file " + out + " refused: it is a symbolic link; environment files"
        + " must be regular files in " + dir, refusal(out.toString()));
    Path real = Files.writeString(dir.resolve("real.env"), "A=1\n");
    Path in = Files.createSymbolicLink(dir.resolve("in.env"), real);
    assertTrue(refusal(in.toString()).contains("is a symbolic link"));
  }

  @Test
  void aSymlinkedDirectoryLeadingOut_isRefused() throws Exception {
    Path link = Files.createSymbolicLink(dir.resolve("sub"), root);
    String via = link.resolve("secret.env").toString();
    assertEquals("environment file " + via + " refused: it leads out of the environment file"
        + " directory " + dir + " through a symbolic link", refusal(via));
  }

  @Test
  void aDirectoryOrAFifo_isNotARegularFile_andNeverBlocks() throws Exception {
    Path sub = Files.createDirectories(dir.resolve("d.env"));
    assertTrue(refusal(sub.toString()).endsWith("is not a regular file; environment files must"
        + " be regular files in " + dir), refusal(sub.toString()));
    Path fifo = dir.resolve("pipe.env");
    Process p = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
    assertTrue(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0, "mkfifo " + fifo);
    // Opening a FIFO for reading would block until a writer came: it is refused unopened.
    String e = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
        Duration.ofSeconds(10), () -> refusal(fifo.toString()));
    assertTrue(e.contains("is not a regular file"), e);
  }

  @Test
  void aFileOverTheLimit_isRefused_oneAtTheLimitIsRead() throws Exception {
    String line = "A=" + "x".repeat(EnvFiles.MAX_BYTES - 3) + "\n"; // exactly MAX_BYTES
    Path ok = Files.writeString(dir.resolve("ok.env"), line);
    assertEquals(EnvFiles.MAX_BYTES - 3, read(ok.toString()).get("A").length());
    Path big = Files.writeString(dir.resolve("big.env"), line + "B=1\n");
    assertEquals("environment file " + big + " refused: it is larger than 65536 bytes",
        refusal(big.toString()));
  }
}
