package dev.backroom.soak;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What counts as an unhandled error in the hub's (Quarkus) and the agent's (JUL) formats. */
class LogScanTest {
  @TempDir
  Path dir;

  @Test
  void errorRecordsAndUncaughtExceptionsCount_caughtWarningsWithTracesAreOnlyCounted()
      throws Exception {
    Path hub = dir.resolve("hub.log");
    Path agent = dir.resolve("agent.log");
    Files.writeString(hub, String.join("\n",
        "2026-12-07 07:33:26,866 INFO  [io.quarkus] (main) started",
        "2026-12-07 07:33:27,001 ERROR [dev.backroom.hub.X] (executor-1) boom",
        "2026-12-07 07:33:28,002 WARN  [dev.backroom.hub.sync.Y] (sync) cloud unreachable",
        "java.net.ConnectException: refused",
        "\tat java.base/sun.nio.ch.Net.connect(Net.java:1)",
        "\tat java.base/sun.nio.ch.Net.connect(Net.java:2)",
        "1733000000: mosquitto error: not one of ours (Mosquitto's own lines are not records)",
        "Exception in thread \"pool-1\" java.lang.IllegalStateException: x",
        "a partly written last line without newline"));
    Files.writeString(agent, String.join("\n",
        "2026-12-07T07:33:29.123 WARNING dev.backroom.agent.X: docker slow",
        "2026-12-07T07:33:29.456 SEVERE dev.backroom.agent.Y: cannot save", ""));
    LogScan scan = new LogScan(Map.of("hub", hub, "agent", agent));
    List<String> found = scan.scan();
    assertEquals(3, found.size(), found.toString());
    assertEquals(List.of("hub: 2026-12-07 07:33:28,002 WARN  [dev.backroom.hub.sync.Y] (sync)"
        + " cloud unreachable"), scan.warningsWithTrace);
    Files.writeString(hub, Files.readString(hub) + "\n2026-12-07 07:40:00,000 FATAL [x] (y) z\n");
    List<String> later = scan.scan();
    assertEquals(List.of("hub: 2026-12-07 07:40:00,000 FATAL [x] (y) z"), later,
        "only what the log gained, the finished partial line included but not an error");
  }
}
