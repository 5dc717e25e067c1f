package dev.backroom.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.backroom.mqtt.Topics.DeviceTopic;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class TopicsTest {

  record BuildCase(String name, String built, String expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<BuildCase> builders() {
    return Stream.of(
        new BuildCase("capabilities", Topics.capabilities("pi-1"), "backroom/v1/devices/pi-1/capabilities"),
        new BuildCase("heartbeat", Topics.heartbeat("pi-1"), "backroom/v1/devices/pi-1/heartbeat"),
        new BuildCase("lifecycle", Topics.lifecycle("pi-1"), "backroom/v1/devices/pi-1/lifecycle"),
        new BuildCase("status", Topics.status("pi-1"), "backroom/v1/devices/pi-1/status"),
        new BuildCase("assignment", Topics.assignment("pi-1"), "backroom/v1/devices/pi-1/assignment"),
        new BuildCase("commands", Topics.commands("pi-1"), "backroom/v1/devices/pi-1/commands"),
        new BuildCase("all devices filter", Topics.allDevices(Topics.STATUS), "backroom/v1/devices/+/status"),
        new BuildCase("telemetry", Topics.telemetry("pos"), "backroom/v1/telemetry/pos"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("builders")
  void builder_producesTheContractTopic(BuildCase c) {
    assertEquals(c.expected(), c.built());
  }

  record ParseCase(String name, String topic, Optional<DeviceTopic> expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<ParseCase> parses() {
    return Stream.of(
        new ParseCase("status topic", "backroom/v1/devices/pi-1/status",
            Optional.of(new DeviceTopic("pi-1", "status"))),
        new ParseCase("round trip of a builder", Topics.assignment("store.42_a"),
            Optional.of(new DeviceTopic("store.42_a", "assignment"))),
        new ParseCase("wrong version prefix", "backroom/v2/devices/pi-1/status", Optional.empty()),
        new ParseCase("foreign root", "other/v1/devices/pi-1/status", Optional.empty()),
        new ParseCase("telemetry is not a device topic", "backroom/v1/telemetry/pos", Optional.empty()),
        new ParseCase("extra level", "backroom/v1/devices/pi-1/status/more", Optional.empty()),
        new ParseCase("empty device id", "backroom/v1/devices//status", Optional.empty()),
        new ParseCase("empty kind", "backroom/v1/devices/pi-1/", Optional.empty()),
        new ParseCase("no kind", "backroom/v1/devices/pi-1", Optional.empty()),
        new ParseCase("prefix only", "backroom/v1/devices/", Optional.empty()),
        new ParseCase("null", null, Optional.empty()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("parses")
  void parseDevice_splitsOnlyWellFormedDeviceTopics(ParseCase c) {
    assertEquals(c.expected(), Topics.parseDevice(c.topic()));
  }

  record IdCase(String name, String id, boolean valid) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<IdCase> ids() {
    return Stream.of(
        new IdCase("hostname-like", "pi-01", true),
        new IdCase("dots and underscores", "store42.till_3", true),
        new IdCase("single character", "a", true),
        new IdCase("64 characters", "a".repeat(64), true),
        new IdCase("65 characters", "a".repeat(65), false),
        new IdCase("empty", "", false),
        new IdCase("null", null, false),
        new IdCase("single-level wildcard", "pi+1", false),
        new IdCase("multi-level wildcard", "pi#", false),
        new IdCase("topic separator", "pi/1", false),
        new IdCase("space", "pi 1", false),
        new IdCase("leading dot", ".pi", false),
        new IdCase("leading dash", "-pi", false),
        new IdCase("system topic marker", "$SYS", false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("ids")
  void isValidDeviceId_rejectsIdsThatBreakTopics(IdCase c) {
    assertEquals(c.valid(), Topics.isValidDeviceId(c.id()));
  }

  record FilterCase(String filter, String topic, boolean matches) {
    @Override
    public String toString() {
      return filter + (matches ? " matches " : " does not match ") + topic;
    }
  }

  static Stream<FilterCase> filterCases() {
    return Stream.of(
        new FilterCase("backroom/v1/devices/+/status", "backroom/v1/devices/pi-1/status", true),
        new FilterCase("backroom/v1/devices/+/status", "backroom/v1/devices/pi-1/heartbeat", false),
        new FilterCase("backroom/v1/devices/+/status", "backroom/v1/devices/pi-1/status/x", false),
        new FilterCase("backroom/v1/devices/+/status", "backroom/v1/devices/status", false),
        new FilterCase("backroom/v1/devices/pi-1/assignment", "backroom/v1/devices/pi-1/assignment", true),
        new FilterCase("backroom/v1/devices/pi-1/assignment", "backroom/v1/devices/pi-2/assignment", false),
        new FilterCase("backroom/#", "backroom/v1/telemetry/pos", true),
        new FilterCase("backroom/#", "backroom", true),
        new FilterCase("#", "anything/at/all", true),
        new FilterCase("+", "a", true),
        new FilterCase("+", "a/b", false),
        new FilterCase("+/+", "a/", true),
        new FilterCase("a/b", "a/b/", false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("filterCases")
  void matches_followsMqttFilterRules(FilterCase c) {
    assertEquals(c.matches(), Topics.matches(c.filter(), c.topic()));
  }

  /** The same rules, the slow and obvious way: split into levels. */
  private static boolean byLevels(String filter, String topic) {
    String[] f = filter.split("/", -1);
    String[] t = topic.split("/", -1);
    for (int i = 0; i < f.length; i++) {
      if (f[i].equals("#")) {
        return true;
      }
      if (i >= t.length || !(f[i].equals("+") || f[i].equals(t[i]))) {
        return false;
      }
    }
    return f.length == t.length;
  }

  @Test
  void matches_agreesWithLevelByLevelMatching_onRandomFiltersAndTopics() {
    Random random = new Random(42);
    String filterChars = "ab/+#";
    String topicChars = "ab/";
    for (int i = 0; i < 200_000; i++) {
      String filter = randomString(random, filterChars, 8);
      String topic = randomString(random, topicChars, 8);
      assertEquals(byLevels(filter, topic), Topics.matches(filter, topic),
          () -> "filter '" + filter + "' topic '" + topic + "'");
    }
  }

  private static String randomString(Random random, String alphabet, int maxLength) {
    StringBuilder b = new StringBuilder();
    for (int n = random.nextInt(maxLength + 1); n > 0; n--) {
      b.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return b.toString();
  }

}
