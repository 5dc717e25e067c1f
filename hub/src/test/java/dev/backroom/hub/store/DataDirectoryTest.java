package dev.backroom.hub.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Verifies that a hub started on a data directory left open (0755, files 0644, as an earlier
 * version or a careless copy left it) runs with it owner-only: the directory and tls/ 0700, the
 * H2 files, the CA files and everything else 0600.
 */
@QuarkusTest
@TestProfile(DataDirectoryTest.OpenDataDir.class)
class DataDirectoryTest {
  static final Path DIR = Path.of("target/modes-test-data").toAbsolutePath();

  public static class OpenDataDir implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("backroom.tls.enabled", "true", "backroom.data-dir", DIR.toString());
    }

    @Override
    public List<TestResourceEntry> testResources() {
      return List.of(new TestResourceEntry(LeftOpen.class));
    }
  }

  /** Lays out the open directory before the hub starts. */
  public static class LeftOpen implements QuarkusTestResourceLifecycleManager {
    @Override
    public Map<String, String> start() {
      try {
        if (Files.exists(DIR)) {
          try (Stream<Path> all = Files.walk(DIR)) {
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
              Files.delete(p);
            }
          }
        }
        Files.createDirectories(DIR.resolve("tls"));
        Files.writeString(DIR.resolve("hub.trace.db"), "an old trace\n");
        Files.writeString(DIR.resolve("tls/old-note.txt"), "left by hand\n");
        for (Path d : List.of(DIR, DIR.resolve("tls"))) {
          Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        for (Path f : List.of(DIR.resolve("hub.trace.db"), DIR.resolve("tls/old-note.txt"))) {
          Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
        }
        return Map.of();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public void stop() {}
  }

  @Test
  void openDataDirectory_isOwnerOnlyOnceTheHubRuns() throws IOException {
    assertTrue(Files.exists(DIR.resolve("hub.mv.db")), "H2 made its database in the directory");
    assertTrue(Files.exists(DIR.resolve("tls/ca-key.pem")), "the store CA is in tls/");
    List<String> open = new ArrayList<>();
    try (Stream<Path> all = Files.walk(DIR)) {
      for (Path p : all.toList()) {
        String want = Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? "rwx------" : "rw-------";
        String mode = PosixFilePermissions.toString(
            Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
        if (!mode.equals(want)) {
          open.add(DIR.relativize(p) + " " + mode);
        }
      }
    }
    assertEquals(List.of(), open, "paths not owner-only");
    assertEquals("rw-------", PosixFilePermissions.toString(
        Files.getPosixFilePermissions(DIR.resolve("hub.trace.db"))));
  }
}
