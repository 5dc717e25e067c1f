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
    List<Finding> found = scan.scan(List.of());
    assertEquals(3, found.size(), found.toString());
    assertEquals(List.of("hub: 2026-12-07 07:33:28,002 WARN  [dev.backroom.hub.sync.Y] (sync)"
        + " cloud unreachable"), scan.warningsWithTrace);
    Files.writeString(hub, Files.readString(hub) + "\n2026-12-07 07:40:00,000 FATAL [x] (y) z\n");
    List<Finding> later = scan.scan(List.of());
    assertEquals(List.of(new Finding("hub", "log-error", "2026-12-07 07:40:00,000 FATAL [x] (y) z")),
        later,
        "only what the log gained, the finished partial line included but not an error");
  }

  /**
   * The records a long freeze writes are attributed to that freeze (kept in {@code attributed}):
   * Quarkus's in the hub's log after a hub freeze, Paho's keep-alive timeout in the log of the
   * process frozen or of any client after a broker freeze; without it they fail like any error.
   */
  @Test
  void knownFreezeRecordsAreAttributedOnlyAfterAHubFreeze() throws Exception {
    String quarkus = String.join("\n",
        "2026-12-07 07:33:27,001 ERROR [io.qua.ver.htt.run.QuarkusErrorHandler] (vert.x-eventloop-thread-1)"
            + " HTTP Request to /api/v1/services failed, error id: 6f0e-1",
        "java.lang.IllegalStateException: Request has already been read",
        "\tat io.vertx.core.http.impl.Http2ServerRequest.checkEnded(Http2ServerRequest.java:1)");
    String paho = "2026-12-07 07:34:27,001 ERROR [org.ecl.pah.cli.mqt.int.ClientState] (MQTT Ping: hub-1)"
        + " hub-1: Timed out as no write activity, keepAlive=20,000,000,000 lastOutboundActivity=1";
    String agentPaho = "2026-12-07T08:59:12.101 SEVERE org.eclipse.paho.client.mqttv3.internal.ClientState:"
        + " agent-a: Timed out as no write activity, keepAlive=20,000,000,000";
    String other = "2026-12-07 07:35:27,001 ERROR [dev.backroom.hub.X] (executor-1) Request has already been read";
    record Row(String part, String log, List<String> faults, int errors, int attributed) {}
    for (Row r : List.of(
        new Row("hub", quarkus, List.of("sigstop hub"), 0, 1),
        new Row("hub", paho, List.of("kill-9 cloud", "sigstop hub"), 0, 1),
        new Row("hub", quarkus, List.of("kill-9 hub"), 1, 0),
        new Row("hub", paho, List.of(), 1, 0),
        new Row("agent a", paho, List.of("sigstop hub"), 1, 0),
        new Row("agent a", agentPaho, List.of("sigstop agent a"), 0, 1),
        new Row("agent a", agentPaho, List.of("sigstop agent b"), 1, 0),
        new Row("agent a", agentPaho, List.of("sigstop mosquitto"), 0, 1),
        new Row("agent a", agentPaho, List.of("kill-9 agent a"), 1, 0),
        new Row("hub", other, List.of("sigstop hub"), 1, 0))) {
      Path log = Files.createTempFile(dir, "log", ".log");
      Files.writeString(log, r.log() + "\n2026-12-07 07:40:00,000 INFO  [x] (y) after\n");
      LogScan scan = new LogScan(Map.of(r.part(), log));
      List<Finding> found = scan.scan(r.faults());
      assertEquals(r.errors(), found.size(), r + " -> " + found);
      assertEquals(r.attributed(), scan.attributed.size(), r + " -> " + scan.attributed);
      found.forEach(f -> assertEquals("log-error", f.kind()));
    }
  }
}
