package dev.backroom.mqtt.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backroom.mqtt.Topics;
import dev.backroom.mqtt.security.MqttPrincipal.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class TopicPolicyTest {
  private static final MqttPrincipal HUB = MqttPrincipal.hub();
  private static final MqttPrincipal A = MqttPrincipal.device("nuc-a");
  private static final MqttPrincipal WA = MqttPrincipal.workload("nuc-a");

  record Case(String name, MqttPrincipal who, boolean subscribe, String topic, boolean allowed) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    String d = "backroom/v1/devices/";
    return Stream.of(
        new Case("device publishes own status", A, false, d + "nuc-a/status", true),
        new Case("device publishes own heartbeat", A, false, d + "nuc-a/heartbeat", true),
        new Case("device publishes own lifecycle", A, false, d + "nuc-a/lifecycle", true),
        new Case("device publishes own capabilities", A, false, d + "nuc-a/capabilities", true),
        new Case("device publishes own logs", A, false, d + "nuc-a/logs", true),
        new Case("device publishes status as another", A, false, d + "nuc-b/status", false),
        new Case("device publishes own assignment", A, false, d + "nuc-a/assignment", false),
        new Case("device publishes commands", A, false, d + "nuc-a/commands", false),
        new Case("device publishes telemetry", A, false, "backroom/v1/telemetry/x", false),
        new Case("device publishes below its topic", A, false, d + "nuc-a/status/x", false),
        new Case("device subscribes own assignment", A, true, d + "nuc-a/assignment", true),
        new Case("device subscribes own commands", A, true, d + "nuc-a/commands", true),
        new Case("device subscribes another's assignment", A, true, d + "nuc-b/assignment", false),
        new Case("device subscribes with +", A, true, d + "+/assignment", false),
        new Case("device subscribes own subtree", A, true, d + "nuc-a/#", false),
        new Case("device subscribes #", A, true, "#", false),
        new Case("device subscribes own status", A, true, d + "nuc-a/status", false),
        new Case("hub publishes assignment", HUB, false, d + "nuc-b/assignment", true),
        new Case("hub publishes commands", HUB, false, d + "nuc-b/commands", true),
        new Case("hub publishes status", HUB, false, d + "nuc-b/status", false),
        new Case("hub publishes telemetry", HUB, false, "backroom/v1/telemetry/x", false),
        new Case("hub subscribes every status", HUB, true, d + "+/status", true),
        new Case("hub subscribes every logs", HUB, true, d + "+/logs", true),
        new Case("hub subscribes one lifecycle", HUB, true, d + "nuc-a/lifecycle", true),
        new Case("hub subscribes assignments", HUB, true, d + "+/assignment", false),
        new Case("hub subscribes every device topic", HUB, true, d + "#", false),
        new Case("hub subscribes #", HUB, true, "#", false),
        new Case("workload publishes telemetry", WA, false, "backroom/v1/telemetry/cam", true),
        new Case("workload publishes nested telemetry", WA, false, "backroom/v1/telemetry/a/b", true),
        new Case("workload publishes assignment", WA, false, d + "nuc-a/assignment", false),
        new Case("workload publishes device status", WA, false, d + "nuc-a/status", false),
        new Case("workload subscribes telemetry", WA, true, "backroom/v1/telemetry/#", false),
        new Case("publish to a wildcard", HUB, false, d + "+/assignment", false),
        new Case("malformed filter", HUB, true, d + "+x/status", false),
        new Case("# not last", HUB, true, "backroom/#/status", false),
        new Case("no principal", null, false, d + "nuc-a/status", false));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void policy(Case c) {
    boolean got = c.subscribe()
        ? TopicPolicy.canSubscribe(c.who(), c.topic())
        : TopicPolicy.canPublish(c.who(), c.topic());
    assertEquals(c.allowed(), got, c.name());
  }

  @Test
  void clientIdsBelongToTheirOwners() {
    assertTrue(TopicPolicy.canUseClientId(A, "agent-nuc-a"));
    assertFalse(TopicPolicy.canUseClientId(A, "agent-nuc-b"));
    assertFalse(TopicPolicy.canUseClientId(A, "backroom-hub"));
    assertTrue(TopicPolicy.canUseClientId(HUB, "backroom-hub"));
    assertFalse(TopicPolicy.canUseClientId(HUB, "agent-nuc-a"));
    assertTrue(TopicPolicy.canUseClientId(WA, "camera-7"));
    assertFalse(TopicPolicy.canUseClientId(WA, "agent-nuc-a"));
    assertFalse(TopicPolicy.canUseClientId(WA, "backroom-hub"));
    assertFalse(TopicPolicy.canUseClientId(WA, ""));
  }

  @Test
  void userNamesRoundTripAndRefuseAnythingElse() {
    for (MqttPrincipal p : List.of(HUB, A, WA)) {
      assertEquals(p, MqttPrincipal.parse(p.username()).orElseThrow());
    }
    for (String bad : new String[] {null, "", "device:", "device:+", "device:a/b", "nuc-a",
        "workload:#", "Hub", "device:nuc-a:x"}) {
      assertTrue(MqttPrincipal.parse(bad).isEmpty(), String.valueOf(bad));
    }
  }

  private static final String[] LEVELS = {"backroom", "v1", "devices", "telemetry", "+", "#",
      "nuc-a", "nuc-b", "status", "assignment", "commands", "heartbeat", "logs", "lifecycle",
      "capabilities", "x", ""};

  /**
   * Over random topics and filters built from the contract's own words: nothing a device is
   * granted names another device, nothing it subscribes has a wildcard, a workload gets only
   * telemetry publishes, and whatever is granted is listed by the rules.
   */
  @Test
  void nothingBadIsEverGranted() {
    Random rnd = new Random(20261201L);
    Set<String> ownPublish = Set.of(Topics.capabilities("nuc-a"), Topics.heartbeat("nuc-a"),
        Topics.lifecycle("nuc-a"), Topics.status("nuc-a"), Topics.device("nuc-a", Topics.LOGS));
    Set<String> ownSubscribe = Set.of(Topics.assignment("nuc-a"), Topics.commands("nuc-a"));
    int granted = 0;
    for (int i = 0; i < 200_000; i++) {
      String t = randomTopic(rnd);
      if (TopicPolicy.canPublish(A, t)) {
        assertTrue(ownPublish.contains(t), t);
        granted++;
      }
      if (TopicPolicy.canSubscribe(A, t)) {
        assertTrue(ownSubscribe.contains(t), t);
        granted++;
      }
      if (TopicPolicy.canPublish(WA, t)) {
        assertTrue(t.equals("backroom/v1/telemetry") || t.startsWith("backroom/v1/telemetry/"), t);
      }
      assertFalse(TopicPolicy.canSubscribe(WA, t), t);
      if (TopicPolicy.canPublish(HUB, t)) {
        Topics.DeviceTopic dt = Topics.parseDevice(t).orElseThrow();
        assertTrue(Set.of(Topics.ASSIGNMENT, Topics.COMMANDS).contains(dt.kind()), t);
      }
      if (TopicPolicy.canSubscribe(HUB, t)) {
        assertTrue(t.startsWith("backroom/v1/devices/") && !t.contains("#"), t);
        assertFalse(t.endsWith("/assignment") || t.endsWith("/commands"), t);
      }
      for (TopicPolicy.Rule r : TopicPolicy.RULES) {
        if (r.kind() != Kind.HUB) {
          assertFalse(r.filterFor("nuc-a").contains("nuc-b"));
        }
      }
    }
    // the generator reaches the allowed topics too, so the checks above were exercised
    assertTrue(granted > 0, "no random topic was ever granted");
  }

  private static String randomTopic(Random rnd) {
    if (rnd.nextInt(4) == 0) {
      String[] kinds = {"status", "heartbeat", "lifecycle", "capabilities", "logs", "assignment",
          "commands"};
      String dev = rnd.nextBoolean() ? "nuc-a" : rnd.nextBoolean() ? "nuc-b" : "+";
      return "backroom/v1/devices/" + dev + "/" + kinds[rnd.nextInt(kinds.length)];
    }
    List<String> levels = new ArrayList<>();
    int n = 1 + rnd.nextInt(6);
    for (int i = 0; i < n; i++) {
      levels.add(LEVELS[rnd.nextInt(LEVELS.length)]);
    }
    return String.join("/", levels);
  }

  @Test
  void rulesAreReadableData() {
    assertEquals(5, TopicPolicy.rulesFor(Kind.DEVICE, TopicPolicy.Access.PUBLISH).size());
    assertEquals(2, TopicPolicy.rulesFor(Kind.DEVICE, TopicPolicy.Access.SUBSCRIBE).size());
    assertEquals(List.of(new TopicPolicy.Rule(Kind.WORKLOAD, TopicPolicy.Access.PUBLISH,
        "backroom/v1/telemetry/#")), TopicPolicy.rulesFor(Kind.WORKLOAD, TopicPolicy.Access.PUBLISH));
    assertTrue(TopicPolicy.rulesFor(Kind.WORKLOAD, TopicPolicy.Access.SUBSCRIBE).isEmpty());
  }
}
