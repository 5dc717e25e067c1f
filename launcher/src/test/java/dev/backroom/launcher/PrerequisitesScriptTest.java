package dev.backroom.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backroom.harness.Repo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/prerequisites.sh, which ./backroom demo, ./backroom test and .ci/run call first, run
 * for real: with every part present it does nothing; with parts hidden from PATH it names the
 * Debian packages in one apt-get line and exits 2, as --check and as a user who is not root
 * (installing is apt-get's, which this machine's tests may not do).
 */
class PrerequisitesScriptTest {
  static final Path SCRIPT = Repo.root().resolve("scripts/prerequisites.sh");

  record Run(int exit, String out) {}

  static Run run(List<String> prefix, String path, String... args) throws Exception {
    List<String> command = new ArrayList<>(prefix);
    command.add("/bin/bash");
    command.add(SCRIPT.toString());
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    if (path != null) {
      pb.environment().put("PATH", path);
    }
    pb.environment().remove("DOCKER_HOST");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes());
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the script did not finish");
    return new Run(p.exitValue(), out);
  }

  /** A PATH of only the tools the script itself uses: curl and aws are not on it. */
  static String bareToolsPath(Path dir) throws IOException {
    for (String tool : List.of("bash", "id", "file", "grep", "timeout")) {
      Files.createSymbolicLink(dir.resolve(tool), Path.of("/usr/bin", tool));
    }
    return dir.toString();
  }

  @Test
  void everythingPresent_doesNothing() throws Exception {
    Run r = run(List.of(), null, "test");
    assertEquals(0, r.exit(), r.out());
    assertEquals("", r.out(), "silent when nothing is missing");
  }

  @Test
  void missingParts_areNamedInOneAptGetLine_withExit2() throws Exception {
    Path dir = Files.createTempDirectory("prereq-path");
    Run r = run(List.of(), bareToolsPath(dir), "test", "--check");
    assertEquals(2, r.exit(), r.out());
    assertTrue(r.out().contains("apt-get install -y --no-install-recommends curl awscli"),
        r.out());
  }

  @Test
  void theDemoNeedsLess_thanTheTests() throws Exception {
    Path dir = Files.createTempDirectory("prereq-path");
    Run r = run(List.of(), bareToolsPath(dir), "demo", "--check");
    assertEquals(0, r.exit(), "curl and the AWS CLI are the tests' only: " + r.out());
  }

  @Test
  void notRoot_printsTheLine_andInstallsNothing(@TempDir Path tmp) throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("bin"));
    tmp.toFile().setExecutable(true, false);
    dir.toFile().setExecutable(true, false);
    String path = bareToolsPath(dir);
    Run r = run(List.of("/usr/sbin/runuser", "-u", "nobody", "--"), path, "test");
    assertEquals(2, r.exit(), r.out());
    assertTrue(r.out().contains("as root, run:"), r.out());
    assertTrue(r.out().contains("apt-get install -y --no-install-recommends curl awscli"),
        r.out());
  }

  @Test
  void anUnknownPurpose_isAUsageError() throws Exception {
    Run r = run(List.of(), null, "build");
    assertEquals(64, r.exit(), r.out());
  }
}
