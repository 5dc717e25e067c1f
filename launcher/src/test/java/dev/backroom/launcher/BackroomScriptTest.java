package dev.backroom.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backroom.harness.Repo;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The shell part of ./backroom: `test --help` answers with its usage and runs nothing. */
class BackroomScriptTest {
  @ParameterizedTest
  @ValueSource(strings = {"--help", "-h"})
  void testHelp_printsTheUsage_andRunsNothing(String flag) throws Exception {
    Process p = new ProcessBuilder("/bin/bash", Repo.script().toString(), "test", flag)
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertTrue(p.waitFor(30, TimeUnit.SECONDS), "./backroom test " + flag + " did not finish");
    assertEquals(0, p.exitValue(), out);
    assertTrue(out.startsWith("Usage: ./backroom test [maven args]"), out);
    assertFalse(out.contains("command not found"), out);
  }
}
