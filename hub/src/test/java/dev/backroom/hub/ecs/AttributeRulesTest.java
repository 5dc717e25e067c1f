package dev.backroom.hub.ecs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backroom.ecs.wire.EcsError;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** ECS's attribute name and value rules, and the namespaces kept for the device's own. */
class AttributeRulesTest {
  record Case(String name, String value, String refusal) {}

  static Stream<Case> cases() {
    return Stream.of(
        new Case("zone", "front", null),
        new Case("rack/shelf_2.a\\b-c", "x@y:z with spaces", null),
        new Case("z".repeat(128), "v".repeat(128), null),
        new Case("z".repeat(129), "v", "t.name: 1 to 128"),
        new Case("", "v", "t.name: 1 to 128"),
        new Case("has space", "v", "t.name: 1 to 128"),
        new Case("ecs.instance-type", "v", "ecs. namespace"),
        new Case("ECS.Custom", "v", "ecs. namespace"),
        new Case("backroom.gpu-count", "2", "backroom. namespace"),
        new Case("zone", " front", "t.value: 1 to 128"),
        new Case("zone", "front ", "t.value: 1 to 128"),
        new Case("zone", "", "t.value: 1 to 128"),
        new Case("zone", "a,b", "t.value: 1 to 128"),
        new Case("zone", "v".repeat(129), "t.value: 1 to 128"));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void namesAndValues(Case c) {
    Runnable check = () -> {
      AttributeRules.checkName(c.name(), "t.name");
      AttributeRules.checkValue(c.value(), "t.value");
    };
    if (c.refusal() == null) {
      check.run();
      return;
    }
    EcsError e = assertThrows(EcsError.class, check::run);
    assertEquals("InvalidParameterException", e.shape());
    assertTrue(e.getMessage().contains(c.refusal()), e.getMessage());
  }
}
