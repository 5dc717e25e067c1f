package dev.backroom.hub.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.backroom.hub.broker.BrokerLogEvent.Connected;
import dev.backroom.hub.broker.BrokerLogEvent.Will;
import dev.backroom.mqtt.Topics;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Which broker events the hub records, about whom, and which count against a device. */
class BrokerWatchTest {

  /** What the last event of {@code events} yields: kind, device, offence; or nothing. */
  record Case(String name, boolean anonymousAllowed, List<BrokerLogEvent> events,
      Optional<String> kind, String deviceId, boolean offence) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static Connected connect(String clientId, String user, String willTopic) {
    return new Connected("10.0.0.5", clientId, user, 20,
        willTopic == null ? null : new Will(willTopic, 1, true, 90));
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("a device's Will on its own lifecycle is fine", false,
            List.of(connect("agent-a", "device:a", Topics.lifecycle("a"))), Optional.empty(), null,
            false),
        new Case("a device's Will on another device's assignment is refused and an offence",
            false, List.of(connect("agent-a", "device:a", Topics.assignment("c"))),
            Optional.of("mqtt-will-refused"), "a", true),
        new Case("a workload's Will on a device's commands is refused, no device offence", false,
            List.of(connect("cam", "workload:a", Topics.commands("c"))),
            Optional.of("mqtt-will-refused"), "a", false),
        new Case("a workload's Will on telemetry is fine", false,
            List.of(connect("cam", "workload:a", Topics.telemetry("t"))), Optional.empty(), null,
            false),
        new Case("an unknown user's Will is refused", false,
            List.of(connect("x", "someone", "a/b")), Optional.of("mqtt-will-refused"), null, false),
        new Case("an anonymous Will with anonymous access on is fine", true,
            List.of(connect("x", null, Topics.assignment("c"))), Optional.empty(), null, false),
        new Case("an anonymous Will with anonymous access off is refused", false,
            List.of(connect("x", null, Topics.assignment("c"))), Optional.of("mqtt-will-refused"),
            null, false),
        new Case("a Will on a $ topic is refused even for the hub", false,
            List.of(connect("backroom-hub", "hub", "$SYS/broker/x")),
            Optional.of("mqtt-will-refused"), null, false),
        new Case("no Will, nothing to say", false, List.of(connect("agent-a", "device:a", null)),
            Optional.empty(), null, false),
        new Case("a refused CONNECT names the host", false,
            List.of(new BrokerLogEvent.ConnectRefused("10.0.0.9", 5)),
            Optional.of("mqtt-connect-refused"), null, false),
        new Case("a denied publish is charged to the device its client connected as", false,
            List.of(connect("agent-a", "device:a", null),
                new BrokerLogEvent.PublishDenied("agent-a", Topics.status("c"), 1, false)),
            Optional.of("mqtt-publish-denied"), "a", true),
        new Case("a denied subscribe of an unknown client is recorded without a device", false,
            List.of(new BrokerLogEvent.SubscribeDenied("ghost", List.of("#"))),
            Optional.of("mqtt-subscribe-denied"), null, false),
        new Case("the broker running is no finding", false,
            List.of(new BrokerLogEvent.Running("2.0.11")), Optional.empty(), null, false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void judges(Case c) {
    BrokerWatch w = new BrokerWatch(c.anonymousAllowed());
    Optional<BrokerWatch.Finding> last = Optional.empty();
    for (BrokerLogEvent e : c.events()) {
      last = w.judge(e);
    }
    assertEquals(c.kind(), last.map(BrokerWatch.Finding::kind));
    last.ifPresent(f -> {
      assertEquals(c.deviceId(), f.deviceId());
      assertEquals(c.offence(), f.offence());
    });
  }

  @org.junit.jupiter.api.Test
  void clientChosenText_isClipped() {
    String longTopic = "x/".repeat(5_000);
    BrokerWatch.Finding f = new BrokerWatch(false)
        .judge(connect("agent-a", "device:a", longTopic)).orElseThrow();
    assertEquals(true, f.message().length() < 1_000);
  }
}
