package dev.backroom.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hand-over to the script: what {@code mapfile -d ''} in ./backroom reads back. */
class LaunchTest {
  @TempDir Path dir;

  @Test
  void commandIsWrittenNulSeparated_directoryEnvironmentThenArguments() throws Exception {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("MALLOC_ARENA_MAX", "2");
    Launch l = new Launch(Path.of("/repo"), env, List.of("/jdk/bin/java", "-Da=b c", "-jar", "x.jar"));
    Path file = dir.resolve("launch");
    l.writeTo(file);
    assertEquals(List.of("/repo", "MALLOC_ARENA_MAX=2", "--", "/jdk/bin/java", "-Da=b c", "-jar",
        "x.jar", ""), List.of(Files.readString(file).split("\0", -1)));
  }

  @Test
  void javaOptionsSplitOnBlanksLikeTheShellDid() {
    List<String> trim = JavaOptions.knowsOption("TrimNativeHeapInterval")
        ? List.of("-XX:TrimNativeHeapInterval=5000") : List.of();
    assertEquals(concat(List.of("-Xmx176m", "-Xms24m", "-XX:NewRatio=4", "-XX:+UseSerialGC",
        "-XX:TieredStopAtLevel=1", "-XX:ReservedCodeCacheSize=24m", "-XX:MinHeapFreeRatio=10",
        "-XX:MaxHeapFreeRatio=20"), trim), JavaOptions.hub(Map.of()));
    assertEquals(List.of("-Xmx1g", "-Dx=1"), JavaOptions.hub(Map.of("BACKROOM_HUB_JAVA_OPTS",
        "  -Xmx1g \t -Dx=1 ")));
    assertEquals(concat(List.of("-Xmx48m", "-Xms8m", "-XX:+UseSerialGC",
        "-XX:TieredStopAtLevel=1", "-XX:ReservedCodeCacheSize=12m", "-XX:MinHeapFreeRatio=10",
        "-XX:MaxHeapFreeRatio=20"), trim), JavaOptions.agent(Map.of()));
    assertEquals(List.of("-Xmx64m"), JavaOptions.agent(Map.of("BACKROOM_AGENT_JAVA_OPTS", "-Xmx64m")));
    assertEquals(Map.of("MALLOC_ARENA_MAX", "2"), JavaOptions.agentEnvironment(Map.of()));
    assertEquals(Map.of("MALLOC_ARENA_MAX", "2"), JavaOptions.hubEnvironment(Map.of()));
    assertEquals(Map.of("MALLOC_ARENA_MAX", "8"),
        JavaOptions.hubEnvironment(Map.of("MALLOC_ARENA_MAX", "8")));
  }

  @Test
  void anOptionThisJvmDoesNotKnowIsNeverAdded() {
    assertTrue(JavaOptions.knowsOption("MaxHeapFreeRatio"));
    assertFalse(JavaOptions.knowsOption("NoSuchBackroomOption"));
  }

  private static List<String> concat(List<String> a, List<String> b) {
    return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
  }
}
