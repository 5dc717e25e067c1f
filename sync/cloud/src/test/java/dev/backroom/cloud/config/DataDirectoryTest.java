package dev.backroom.cloud.config;

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
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Verifies that the cloud started on an H2 data directory left open (0755, files 0644) runs
 * with it owner-only: the directory 0700, the H2 database and every other file 0600.
 */
@QuarkusTest
@TestProfile(DataDirectoryTest.FileDatabase.class)
class DataDirectoryTest {
  static final Path DIR = Path.of("target/modes-test-data").toAbsolutePath();

  public static class FileDatabase implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("backroom.cloud.data-dir", DIR.toString(),
          "quarkus.datasource.h2.jdbc.url", "jdbc:h2:file:" + DIR + "/cloud;DB_CLOSE_ON_EXIT=FALSE");
    }

    @Override
    public List<TestResourceEntry> testResources() {
      return List.of(new TestResourceEntry(LeftOpen.class));
    }
  }

  /** Lays out the open directory before the cloud starts. */
  public static class LeftOpen implements QuarkusTestResourceLifecycleManager {
    @Override
    public Map<String, String> start() {
      try {
        if (Files.exists(DIR)) {
          try (Stream<Path> all = Files.walk(DIR)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
              Files.delete(p);
            }
          }
        }
        Files.createDirectories(DIR);
        Path trace = Files.writeString(DIR.resolve("cloud.trace.db"), "an old trace\n");
        Files.setPosixFilePermissions(DIR, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(trace, PosixFilePermissions.fromString("rw-r--r--"));
        return Map.of();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public void stop() {}
  }

  @Test
  void openDataDirectory_isOwnerOnlyOnceTheCloudRuns() throws IOException {
    assertTrue(Files.exists(DIR.resolve("cloud.mv.db")), "H2 made its database in the directory");
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
  }
}
