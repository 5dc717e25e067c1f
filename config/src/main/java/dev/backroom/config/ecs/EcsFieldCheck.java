package dev.backroom.config.ecs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backroom.config.validate.Violation;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Walks a posted task definition against {@link EcsFields}: a field without a row is unknown
 * and refused, a REFUSED field carrying a value is refused with its row's reason. Nothing is
 * dropped without a word. Pure: no I/O, every violation collected.
 */
public final class EcsFieldCheck {
  static final String UNKNOWN = "unknown field: not part of an ECS task definition (check the"
      + " spelling; see docs/ecs-task-definitions.md)";

  private EcsFieldCheck() {}

  /** Violations for the task definition {@code root}; empty when every field is allowed. */
  public static List<Violation> check(JsonNode root) {
    List<Violation> out = new ArrayList<>();
    if (root != null && root.isObject()) {
      walkObject(root, "", "", out);
    }
    return out;
  }

  /**
   * True when {@code value} is what Docker does without the field: null, an empty array or
   * object, or false.
   */
  static boolean isNoOp(JsonNode value) {
    return value.isNull()
        || (value.isContainerNode() && value.isEmpty())
        || (value.isBoolean() && !value.booleanValue());
  }

  private static void walkObject(JsonNode node, String schemaPath, String jsonPath,
      List<Violation> out) {
    Iterator<Map.Entry<String, JsonNode>> it = node.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      String sp = schemaPath.isEmpty() ? e.getKey() : schemaPath + "." + e.getKey();
      String jp = jsonPath.isEmpty() ? e.getKey() : jsonPath + "." + e.getKey();
      EcsFields.Field f = EcsFields.field(sp).orElse(null);
      if (f == null) {
        out.add(new Violation(jp, UNKNOWN));
      } else if (f.treatment() == EcsFields.Treatment.REFUSED) {
        if (!isNoOp(e.getValue())) {
          out.add(new Violation(jp, f.backroom()));
        }
      } else {
        descend(e.getValue(), sp, jp, out);
      }
    }
  }

  /**
   * Goes into a value only where the table has rows below it in that shape; a value of the wrong
   * shape (an object where a list belongs) is left to the type check, which names it once.
   */
  private static void descend(JsonNode value, String sp, String jp, List<Violation> out) {
    if (value.isObject() && EcsFields.hasChildren(sp)) {
      walkObject(value, sp, jp, out);
    } else if (value.isArray() && EcsFields.hasChildren(sp + "[]")) {
      for (int i = 0; i < value.size(); i++) {
        if (value.get(i).isObject()) {
          walkObject(value.get(i), sp + "[]", jp + "[" + i + "]", out);
        }
      }
    }
  }
}
