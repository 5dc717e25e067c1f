package dev.backroom.hub.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.backroom.hub.broker.BrokerLogEvent.ConnectRefused;
import dev.backroom.hub.broker.BrokerLogEvent.Connected;
import dev.backroom.hub.broker.BrokerLogEvent.PublishDenied;
import dev.backroom.hub.broker.BrokerLogEvent.Running;
import dev.backroom.hub.broker.BrokerLogEvent.SubscribeDenied;
import dev.backroom.hub.broker.BrokerLogEvent.Will;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** The parser on lines Mosquitto 2.0.11 wrote ({@code log_type all}), and on edge cases. */
class MosquittoLogTest {

  private static List<BrokerLogEvent> parse(List<String> lines) {
    MosquittoLog log = new MosquittoLog();
    List<BrokerLogEvent> out = new ArrayList<>();
    lines.forEach(l -> log.accept(l, out::add));
    return out;
  }

  /** Verifies the events of a transcript captured from a real broker, in order, and no others. */
  @Test
  void realTranscript_yieldsEveryConnectRefusalAndDenial() throws IOException {
    List<String> lines;
    try (InputStream in = getClass().getResourceAsStream("mosquitto-2.0.11.log")) {
      lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    }
    assertEquals(List.of(
        new Running("2.0.11"),
        new Connected("127.0.0.1", "auto-CC6317ED-D887-29AC-4079-B1C894A0DEDD", "admin", 60, null),
        new Connected("127.0.0.1", "agent-A", "dev", 60, new Will("b/other", 0, false, 4)),
        new ConnectRefused("127.0.0.1", 5),
        new Connected("127.0.0.1", "agent-D", "dev", 60, null),
        new PublishDenied("agent-D", "b/forbidden", 1, false),
        new Connected("127.0.0.1", "agent-E", "dev", 60, null),
        new SubscribeDenied("agent-E", List.of("b/forbidden", "$SYS/#")),
        new Connected("127.0.0.1", "agent-F", "dev", 5, new Will("a/own", 1, true, 2)),
        new Connected("127.0.0.1", "agent-G", "dev", 60, new Will("b/other with space", 0, false, 4)),
        new Connected("127.0.0.1", "ok-plain", null, 60, null)), parse(lines));
  }

  record Case(String name, List<String> lines, List<BrokerLogEvent> expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("client id with spaces and parentheses: the broker's own parenthesis is the last",
            List.of("New client connected from 10.0.0.7:5000 as cam (p2, c1, k9) x (p2, c1, k60,"
                + " u'workload:d1').", "No will message specified."),
            List.of(new Connected("10.0.0.7", "cam (p2, c1, k9) x", "workload:d1", 60, null))),
        new Case("IPv6 peer keeps its address without the port",
            List.of("New client connected from ::1:41000 as agent-d1 (p4, c1, k20, u'device:d1').",
                "Will message specified (90 bytes) (r1, q1).", "\tbackroom/v1/devices/d1/lifecycle"),
            List.of(new Connected("::1", "agent-d1", "device:d1", 20,
                new Will("backroom/v1/devices/d1/lifecycle", 1, true, 90)))),
        new Case("a Will whose topic line never came is reported with the topic unknown",
            List.of("New client connected from 1.2.3.4:1 as c (p4, c1, k20, u'device:d1').",
                "Will message specified (3 bytes) (r0, q1).", "Sending CONNACK to c (0, 0)"),
            List.of(new Connected("1.2.3.4", "c", "device:d1", 20, new Will("", 1, false, 3)))),
        new Case("no debug lines: the connect is reported at the next line, Will unknown",
            List.of("New client connected from 1.2.3.4:1 as c (p4, c1, k20, u'hub').",
                "Client c disconnected."),
            List.of(new Connected("1.2.3.4", "c", "hub", 20, null))),
        new Case("MQTT 5 refusal codes count too", List.of("Sending CONNACK to 10.1.1.1 (0, 135)"),
            List.of(new ConnectRefused("10.1.1.1", 135))),
        new Case("a granted subscription is no event",
            List.of("Received SUBSCRIBE from hub", "\tbackroom/v1/devices/+/status (QoS 1)",
                "hub 1 backroom/v1/devices/+/status", "Sending SUBACK to hub"),
            List.of()),
        new Case("an UNSUBSCRIBE's topic lines are no filters",
            List.of("Received UNSUBSCRIBE from c", "\ta/b", "Sending UNSUBACK to c"), List.of()),
        new Case("a denied publish with a quote in its topic",
            List.of("Denied PUBLISH from w (d0, q0, r1, m0, 'backroom/v1/x', ... ('y', ... (7 bytes))"),
            List.of(new PublishDenied("w", "backroom/v1/x', ... ('y", 0, true))),
        new Case("other lines yield nothing",
            List.of("Received PINGREQ from agent-d1", "Sending PINGRESP to agent-d1",
                "Client agent-d1 has exceeded timeout, disconnecting.", "", "\t"),
            List.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void parses(Case c) {
    assertEquals(c.expected(), parse(c.lines()));
  }

  record LevelCase(String line, MosquittoLog.Level level) {}

  static Stream<LevelCase> levels() {
    return Stream.of(
        new LevelCase("Error: Unable to open pwfile \"/x\".", MosquittoLog.Level.ERROR),
        new LevelCase("Warning: Mosquitto should not be run as root/administrator.",
            MosquittoLog.Level.WARN),
        new LevelCase("mosquitto version 2.0.11 running", MosquittoLog.Level.INFO),
        new LevelCase("Opening ipv4 listen socket on port 1883.", MosquittoLog.Level.INFO),
        new LevelCase("New client connected from 1.2.3.4:5 as c (p2, c1, k60).",
            MosquittoLog.Level.DEBUG),
        new LevelCase("Client c disconnected.", MosquittoLog.Level.DEBUG),
        new LevelCase("Received PINGREQ from c", MosquittoLog.Level.TRACE),
        new LevelCase("\ta/b (QoS 0)", MosquittoLog.Level.TRACE));
  }

  @ParameterizedTest
  @MethodSource("levels")
  void levelOf(LevelCase c) {
    assertEquals(c.level(), MosquittoLog.levelOf(c.line()));
  }
}
