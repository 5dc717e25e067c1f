package dev.backroom.agent.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backroom.agent.reconcile.Fixtures;
import dev.backroom.agent.reconcile.RestartRecord;
import dev.backroom.agent.model.ContainerKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Verifies that the agent's stored state (the last assignment, the restart book) is owner-only:
 * a fresh data directory is created 0700 with its files 0600, and one an older agent left open
 * (0755, files 0644) is narrowed when the agent loads from it.
 */
class StateFileModesTest {
  @TempDir Path tmp;

  /** One store: its file name, how to save into a data directory, how to load from one. */
  record Case(String name, Consumer<Path> save, Function<Path, Boolean> load) {
    @Override
    public String toString() {
      return name;
    }
  }

  static List<Case> stores() {
    return List.of(
        new Case(AssignmentStore.FILE_NAME,
            d -> new AssignmentStore(d).save(Fixtures.assignment(3,
                Fixtures.task("t1", "h1", Fixtures.container("web")))),
            d -> new AssignmentStore(d).load().isPresent()),
        new Case(RestartBookStore.FILE_NAME,
            d -> new RestartBookStore(d).save(Map.of(new ContainerKey("t1", "web"),
                new RestartRecord("h1", 2, 1, Instant.parse("2026-01-01T00:00:00Z"), "exit 1"))),
            d -> !new RestartBookStore(d).load().isEmpty()));
  }

  @ParameterizedTest
  @MethodSource("stores")
  void freshDataDirectory_isCreated0700_withTheFile0600(Case c) throws IOException {
    Path data = tmp.resolve("new/agent");
    c.save().accept(data);
    assertEquals("rwx------", mode(data));
    assertEquals("rwx------", mode(tmp.resolve("new")));
    assertEquals("rw-------", mode(data.resolve(c.name())));
  }

  @ParameterizedTest
  @MethodSource("stores")
  void openDataDirectory_isNarrowedOnLoad_andSavesStayOwnerOnly(Case c) throws IOException {
    Path data = tmp.resolve("old");
    c.save().accept(data);
    Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.setPosixFilePermissions(data.resolve(c.name()),
        PosixFilePermissions.fromString("rw-r--r--"));

    assertTrue(c.load().apply(data), "the stored state still loads");
    assertEquals("rwx------", mode(data));
    assertEquals("rw-------", mode(data.resolve(c.name())));
    Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
    c.save().accept(data);
    assertEquals("rwx------", mode(data), "a save narrows the directory too");
    assertEquals("rw-------", mode(data.resolve(c.name())));
  }

  private static String mode(Path p) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }
}
