package dev.backroom.hub.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.backroom.sync.batch.StreamNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class TelemetryTopicTest {
  record Case(String name, String topic, String stream) {}

  static Stream<Case> cases() {
    return Stream.of(
        new Case("plain", "backroom/v1/telemetry/temps", "temps"),
        new Case("dots dashes underscores", "backroom/v1/telemetry/a.b_c-d", "a.b_c-d"),
        new Case("longest", "backroom/v1/telemetry/" + "x".repeat(128), "x".repeat(128)),
        new Case("too long", "backroom/v1/telemetry/" + "x".repeat(129), null),
        new Case("empty stream", "backroom/v1/telemetry/", null),
        new Case("extra level", "backroom/v1/telemetry/a/b", null),
        new Case("wildcard", "backroom/v1/telemetry/+", null),
        new Case("leading dot", "backroom/v1/telemetry/.hidden", null),
        new Case("space", "backroom/v1/telemetry/a b", null),
        new Case("other root", "backroom/v2/telemetry/a", null),
        new Case("device topic", "backroom/v1/devices/d1/status", null),
        new Case("prefix only", "backroom/v1/telemetry", null),
        new Case("null", null, null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void streamOf(Case c) {
    assertEquals(c.stream(), TelemetryTopic.streamOf(c.topic()), c.name());
  }

  /** Verifies that the listener admits exactly the stream names the cloud's validator accepts. */
  @ParameterizedTest
  @MethodSource("randomNames")
  void agreesWithTheCloudsRule(String name) {
    assertEquals(StreamNames.valid(name), TelemetryTopic.isValidStream(name), name);
  }

  static List<String> randomNames() {
    Random random = new Random(42);
    String alphabet = "aZ09._-/+# é\u0000";
    List<String> out = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      int len = random.nextInt(i % 10 == 0 ? 140 : 6);
      StringBuilder sb = new StringBuilder();
      for (int k = 0; k < len; k++) {
        sb.append(alphabet.charAt(random.nextInt(i % 3 == 0 ? 7 : alphabet.length())));
      }
      out.add(sb.toString());
    }
    return out;
  }
}
