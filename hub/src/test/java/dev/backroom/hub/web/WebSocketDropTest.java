package dev.backroom.hub.web;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backroom.hub.auth.AuthTesting;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.DataInputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A browser whose connection is reset mid-stream (what a killed tab or a dropped shop-floor
 * Wi-Fi looks like to the hub) is one INFO line in the hub's log, not an ERROR with a stack
 * trace: {@link WebSocketErrors#onConnectionLost}.
 */
@QuarkusTest
class WebSocketDropTest {
  private final List<LogRecord> records = new CopyOnWriteArrayList<>();
  private final Handler catcher = new Handler() {
    @Override
    public void publish(LogRecord r) {
      records.add(r);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };

  @TestHTTPResource("/") URL base;

  @BeforeEach
  void listen() {
    Logger.getLogger("").addHandler(catcher);
  }

  @AfterEach
  void stopListening() {
    Logger.getLogger("").removeHandler(catcher);
  }

  @Test
  void aResetConnection_isOneInfoLine_withoutATrace() throws Exception {
    try (Socket raw = new Socket(base.getHost(), base.getPort())) {
      raw.setSoTimeout(10_000);
      raw.getOutputStream().write(("GET /ui/ws/pulse HTTP/1.1\r\nHost: " + base.getHost() + ":"
          + base.getPort() + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
          + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
          + "Authorization: Bearer " + AuthTesting.bootstrapToken() + "\r\n\r\n")
          .getBytes(StandardCharsets.ISO_8859_1));
      DataInputStream in = new DataInputStream(raw.getInputStream());
      StringBuilder head = new StringBuilder();
      while (!head.toString().endsWith("\r\n\r\n")) {
        head.append((char) in.readUnsignedByte());
      }
      assertTrue(head.toString().startsWith("HTTP/1.1 101"), head.toString());
      // Linger 0: close sends a TCP reset instead of a FIN, as a vanished peer's stack does.
      raw.setSoLinger(true, 0);
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> records.stream()
        .anyMatch(r -> String.valueOf(r.getMessage()).contains("connection dropped")));
    LogRecord dropped = records.stream()
        .filter(r -> String.valueOf(r.getMessage()).contains("connection dropped"))
        .findFirst().orElseThrow();
    assertEquals(Level.INFO, dropped.getLevel());
    assertEquals(null, dropped.getThrown());
    List<String> errors = records.stream()
        .filter(r -> r.getLevel().intValue() >= Level.SEVERE.intValue())
        .map(r -> r.getLoggerName() + ": " + r.getMessage()).toList();
    assertEquals(List.of(), errors);
  }
}
