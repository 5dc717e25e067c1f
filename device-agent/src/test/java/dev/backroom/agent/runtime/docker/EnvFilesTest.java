package dev.backroom.agent.runtime.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backroom.agent.runtime.ContainerRuntimeException;
import dev.backroom.config.model.EnvironmentFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvFilesTest {

  @Test
  void readsVariables_skipsBlankAndComments_firstDefinitionWins(@TempDir Path dir)
      throws Exception {
    Path a = Files.writeString(dir.resolve("a.env"), """
        # store settings
        STORE=7

          # indented comment
        URL=http://x/?a=b
        QUOTED="kept as is"
        """);
    Path b = Files.writeString(dir.resolve("b.env"), "STORE=8\nEXTRA=1\nEMPTY=\n");
    assertEquals(Map.of("STORE", "7", "URL", "http://x/?a=b", "QUOTED", "\"kept as is\"",
        "EXTRA", "1", "EMPTY", ""), EnvFiles.read(List.of(new EnvironmentFile(a.toString(),
        "file"), new EnvironmentFile(b.toString(), "s3"))));
    assertEquals(List.of("STORE", "URL", "QUOTED", "EXTRA", "EMPTY"), List.copyOf(
        EnvFiles.read(List.of(new EnvironmentFile(a.toString(), null),
            new EnvironmentFile(b.toString(), null))).keySet()));
  }

  @Test
  void aMissingFileFailsNamingIt(@TempDir Path dir) {
    String missing = dir.resolve("gone.env").toString();
    ContainerRuntimeException e = assertThrows(ContainerRuntimeException.class,
        () -> EnvFiles.read(List.of(new EnvironmentFile(missing, "file"))));
    assertTrue(e.getMessage().startsWith("environment file " + missing + " cannot be read"),
        e.getMessage());
  }

  @Test
  void aLineWithoutEqualsFailsNamingFileAndLine(@TempDir Path dir) throws Exception {
    Path f = Files.writeString(dir.resolve("bad.env"), "A=1\nexport\n");
    ContainerRuntimeException e = assertThrows(ContainerRuntimeException.class,
        () -> EnvFiles.read(List.of(new EnvironmentFile(f.toString(), "file"))));
    assertEquals("environment file " + f + " line 2 is not VARIABLE=VALUE", e.getMessage());
  }

  @Test
  void anS3ArnOrRelativePathIsRefused() {
    ContainerRuntimeException e = assertThrows(ContainerRuntimeException.class,
        () -> EnvFiles.read(List.of(new EnvironmentFile("arn:aws:s3:::b/x.env", "s3"))));
    assertTrue(e.getMessage().contains("not an absolute path on the device"), e.getMessage());
  }
}
