package dev.backroom.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backroom.harness.Repo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * README.md is the front door: short enough to read in a few minutes (under 10 KB, the manual is
 * in docs/), naming the two commands the launcher gives a newcomer, and describing the system as
 * it is rather than when it was measured (no dated runs, no load averages: history is in git).
 */
class ReadmeTest {
  static final Path README = Repo.root().resolve("README.md");
  static final long MAX_BYTES = 10_240;

  @Test
  void staysUnder10KB() throws Exception {
    long size = Files.size(README);
    assertTrue(size < MAX_BYTES, "README.md is " + size + " bytes, the limit " + MAX_BYTES
        + ": move detail into docs/");
  }

  @Test
  void namesTheTwoCommands_andLinksTheManual() throws Exception {
    String text = Files.readString(README);
    for (String needed : List.of("./backroom demo", "./backroom test", "docs/api.md",
        "docs/architecture.md", "docs/operations.md", "docs/security.md", "bench/README.md")) {
      assertTrue(text.contains(needed), "README.md does not mention " + needed);
    }
  }

  @Test
  void hasNoDiary() throws Exception {
    Pattern diary = Pattern.compile(
        "\\b20\\d\\d-\\d\\d-\\d\\d\\b|load average|measured today|this session",
        Pattern.CASE_INSENSITIVE);
    List<String> lines = Files.readAllLines(README).stream()
        .filter(l -> diary.matcher(l).find()).toList();
    assertEquals(List.of(), lines, "README.md lines that read like a lab notebook");
  }
}
