package dev.backroom.sync.desired;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.backroom.sync.selector.LabelSelector;
import dev.backroom.sync.wire.DesiredKind;
import java.time.Instant;

/** Builders for desired-state tests. */
final class Fixtures {
  static final Instant T0 = Instant.parse("2026-11-22T00:00:00Z");

  private Fixtures() {}

  static JsonNode td(String family, String image) {
    ObjectNode n = JsonNodeFactory.instance.objectNode().put("family", family);
    n.putArray("containerDefinitions").addObject().put("name", "main").put("image", image);
    return n;
  }

  static DesiredObject obj(DesiredKind kind, String name, String selector, String image, int minute) {
    return DesiredObject.of(kind, name, LabelSelector.parse(selector), td(name, image),
        T0.plusSeconds(60L * minute));
  }

  static DesiredObject td(String name, String selector, String image, int minute) {
    return obj(DesiredKind.TASK_DEFINITION, name, selector, image, minute);
  }

  static ObjectKey key(String name) {
    return new ObjectKey(DesiredKind.TASK_DEFINITION, name);
  }
}
