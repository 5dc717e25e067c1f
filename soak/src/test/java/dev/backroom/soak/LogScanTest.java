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
    List<Finding> found = scan.scan();
    assertEquals(3, found.size(), found.toString());
    assertEquals(List.of("hub: 2026-12-07 07:33:28,002 WARN  [dev.backroom.hub.sync.Y] (sync)"
        + " cloud unreachable"), scan.warningsWithTrace);
    Files.writeString(hub, Files.readString(hub) + "\n2026-12-07 07:40:00,000 FATAL [x] (y) z\n");
    List<Finding> later = scan.scan();
    assertEquals(List.of(new Finding("hub", "log-error", "2026-12-07 07:40:00,000 FATAL [x] (y) z")),
        later,
        "only what the log gained, the finished partial line included but not an error");
  }

  /**
   * The records a long freeze makes are warnings in the product's logs (HubLogFilter,
   * PahoKeepAliveLog), so they pass; the same text at ERROR or SEVERE, as before those filters,
   * fails whatever fault came before it: the scan excuses nothing.
   */
  @Test
  void freezeRecords_passAsWarnings_andFailAsErrors() throws Exception {
    String quarkusWarn = "2026-12-07 07:33:27,001 WARN  [io.qua.ver.htt.run.QuarkusErrorHandler]"
        + " (vert.x-eventloop-thread-1) a client reset its HTTP/2 stream before the request was"
        + " read; not served (quarkusio/quarkus#34393): HTTP Request to /api/v1/services failed";
    String pahoWarn = "2026-12-07 07:34:27,001 WARNING [org.ecl.pah.cli.mqt.int.ClientState]"
        + " (MQTT Ping: hub-1) hub-1: Timed out as no write activity, keepAlive=20,000,000,000";
    String agentPahoWarn = "2026-12-07T08:59:12.101 WARNING"
        + " org.eclipse.paho.client.mqttv3.internal.ClientState: agent-a: Timed out as no activity";
    String quarkusError = String.join("\n",
        "2026-12-07 07:33:27,001 ERROR [io.qua.ver.htt.run.QuarkusErrorHandler] (vert.x-eventloop-thread-1)"
            + " HTTP Request to /api/v1/services failed, error id: 6f0e-1",
        "java.lang.IllegalStateException: Request has already been read",
        "\tat io.vertx.core.http.impl.Http2ServerRequest.checkEnded(Http2ServerRequest.java:1)");
    String agentPahoSevere = "2026-12-07T08:59:12.101 SEVERE"
        + " org.eclipse.paho.client.mqttv3.internal.ClientState: agent-a: Timed out as no activity";
    record Row(String part, String log, int errors) {}
    for (Row r : List.of(
        new Row("hub", quarkusWarn, 0),
        new Row("hub", pahoWarn, 0),
        new Row("agent a", agentPahoWarn, 0),
        new Row("hub", quarkusError, 1),
        new Row("agent a", agentPahoSevere, 1))) {
      Path log = Files.createTempFile(dir, "log", ".log");
      Files.writeString(log, r.log() + "\n2026-12-07 07:40:00,000 INFO  [x] (y) after\n");
      LogScan scan = new LogScan(Map.of(r.part(), log));
      List<Finding> found = scan.scan();
      assertEquals(r.errors(), found.size(), r + " -> " + found);
      found.forEach(f -> assertEquals("log-error", f.kind()));
    }
  }
}
