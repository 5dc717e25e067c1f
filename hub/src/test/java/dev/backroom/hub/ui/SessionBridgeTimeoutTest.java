package dev.backroom.hub.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backroom.hub.mqtt.HubMqtt;
import dev.backroom.hub.store.TaskRecord;
import dev.backroom.hub.store.TaskStore;
import dev.backroom.mqtt.message.DeviceCommand;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The hub's side of session expiry, with time moved by hand: a terminal without input and any
 * session past its maximum age are closed on both ends; live ones are pinged.
 */
class SessionBridgeTimeoutTest {
  private final List<DeviceCommand> sent = new ArrayList<>();
  private final List<String> closedWith = new ArrayList<>();
  private final List<dev.backroom.hub.audit.AuditEntry> audited = new ArrayList<>();
  private final SessionBridge bridge = new SessionBridge();
  private Instant now = Instant.parse("2026-12-01T12:00:00Z");

  @BeforeEach
  void wire() {
    bridge.mqtt = new HubMqtt() {
      @Override
      public boolean publishCommand(DeviceCommand c, long nowMillis) {
        sent.add(c);
        return true;
      }
    };
    bridge.tasks = new TaskStore() {
      @Override
      public Optional<TaskRecord> find(String id) {
        return Optional.of(new TaskRecord(id, "svc", "dev-1", "fam", 1, "h", TaskRecord.RUNNING,
            "RUNNING", null, List.of(), 1L, null, now, now, false, now, 0));
      }
    };
    bridge.meters = new SimpleMeterRegistry();
    bridge.audit = new ExecAudit() {
      @Override
      void append(dev.backroom.hub.audit.AuditEntry e) {
        audited.add(e);
      }
    };
    bridge.config = new UiConfig() {
      public int maxSessions() {
        return 2;
      }

      public Duration sessionIdleTimeout() {
        return Duration.ofMinutes(10);
      }

      public Duration sessionMaxAge() {
        return Duration.ofHours(1);
      }

      public Duration pingInterval() {
        return Duration.ofSeconds(10);
      }

      public int maxPendingFrames() {
        return 8;
      }

      public int logTailLines() {
        return 200;
      }

      public java.util.Optional<List<String>> allowedOrigins() {
        return java.util.Optional.empty();
      }
    };
    bridge.clock = new Clock() {
      public Instant instant() {
        return now;
      }

      public java.time.ZoneId getZone() {
        return ZoneOffset.UTC;
      }

      public Clock withZone(java.time.ZoneId z) {
        return this;
      }
    };
  }

  private BridgeSession.Browser browser() {
    return new BridgeSession.Browser() {
      public boolean send(String text) {
        return true;
      }

      public void close(String reason) {
        closedWith.add(reason);
      }
    };
  }

  @Test
  void idleTerminal_isClosedOnBothEnds_whileALogTailLivesOn() {
    bridge.open("exec-1", BridgeSession.Kind.EXEC, "t1", 80, 24, browser(), null);
    bridge.open("logs-1", BridgeSession.Kind.LOGS, "t1", 0, 0, browser(), null);
    now = now.plus(Duration.ofMinutes(5));
    bridge.fromBrowser("exec-1", "{\"t\":\"in\",\"d\":\"x\"}");
    now = now.plus(Duration.ofMinutes(9));
    bridge.tick();
    assertEquals(2, bridge.openSessions(), "input 9 min ago keeps the terminal");

    now = now.plus(Duration.ofMinutes(2));
    sent.clear();
    bridge.tick();

    assertEquals(1, bridge.openSessions());
    assertTrue(closedWith.get(0).startsWith("terminal idle"), closedWith.toString());
    assertEquals(List.of("close exec-1", "ping logs-1"), sent.stream()
        .map(c -> c.action() + " " + c.sessionId()).toList());
    // The terminal (not the log tail) is in the audit log, opened and then ended with its length.
    assertEquals(List.of("EXEC 101", "EXEC-END 200"), audited.stream()
        .map(e -> e.method() + " " + e.status()).toList());
    assertTrue(audited.get(1).target().contains("lasted 960 s; terminal idle"),
        audited.get(1).target());
  }

  @Test
  void anySessionPastItsMaximumAge_isClosed() {
    bridge.open("logs-2", BridgeSession.Kind.LOGS, "t1", 0, 0, browser(), null);
    now = now.plus(Duration.ofMinutes(61));

    bridge.tick();

    assertEquals(0, bridge.openSessions());
    assertTrue(closedWith.get(0).contains("older than 60 min"), closedWith.toString());
    assertEquals(DeviceCommand.CLOSE, sent.get(sent.size() - 1).action());
  }

  @Test
  void sessionsBeyondTheLimit_areRefusedWithAReason() {
    bridge.open("a", BridgeSession.Kind.LOGS, "t1", 0, 0, browser(), null);
    bridge.open("b", BridgeSession.Kind.LOGS, "t1", 0, 0, browser(), null);

    assertTrue(bridge.open("c", BridgeSession.Kind.LOGS, "t1", 0, 0, browser(), null).isEmpty());
    assertTrue(closedWith.get(0).startsWith("too many open sessions"), closedWith.toString());
    assertEquals(2, bridge.openSessions());
  }
}
