package dev.backroom.ecs.shapes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.backroom.ecs.wire.EcsError;
import dev.backroom.ecs.wire.EcsJson;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * ECS's tag rules, shared by the hub and the cloud so both refuse the same tags: at most 50 a
 * resource, keys 1 to 128 characters, values up to 256, no key starting {@code aws:} (reserved).
 * Storage is each side's own.
 */
public final class Tags {
  public static final int MAX_TAGS = 50;
  private static final Pattern ALLOWED = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*");

  private Tags() {}

  /** The {@code tags} member ({@code [{key, value}]}) read strictly; empty when absent. */
  public static Map<String, String> read(JsonNode tags) {
    Map<String, String> out = new LinkedHashMap<>();
    if (tags == null || tags.isNull()) {
      return out;
    }
    if (!tags.isArray()) {
      throw EcsError.serialization("tags: expected a list of {key, value}");
    }
    for (int i = 0; i < tags.size(); i++) {
      JsonNode t = tags.get(i);
      String path = "tags[" + i + "]";
      if (!t.isObject()) {
        throw EcsError.serialization(path + ": expected an object {key, value}");
      }
      t.fieldNames().forEachRemaining(f -> {
        if (!f.equals("key") && !f.equals("value")) {
          throw EcsError.invalidParameter("Unknown parameter in " + path + ": \"" + f
              + "\", must be one of: key, value");
        }
      });
      String key = text(t.get("key"), path + ".key");
      String value = t.hasNonNull("value") ? text(t.get("value"), path + ".value") : "";
      if (key.isEmpty() || key.length() > 128 || !ALLOWED.matcher(key).matches()) {
        throw EcsError.invalidParameter(path + ".key: 1 to 128 letters, digits, spaces and"
            + " _ . : / = + - @, got: " + key);
      }
      if (key.toLowerCase(Locale.ROOT).startsWith("aws:")) {
        throw EcsError.invalidParameter(path + ".key: the aws: prefix is reserved");
      }
      if (value.length() > 256 || !ALLOWED.matcher(value).matches()) {
        throw EcsError.invalidParameter(path + ".value: up to 256 letters, digits, spaces and"
            + " _ . : / = + - @");
      }
      out.put(key, value);
    }
    return out;
  }

  /** Tags as ECS writes them: {@code [{key, value}]}. */
  public static ArrayNode json(Map<String, String> tags) {
    ArrayNode a = EcsJson.mapper().createArrayNode();
    tags.forEach((k, v) -> a.addObject().put("key", k).put("value", v));
    return a;
  }

  private static String text(JsonNode n, String path) {
    if (n == null || n.isNull()) {
      throw EcsError.invalidParameter(path + " is required");
    }
    if (!n.isTextual()) {
      throw EcsError.serialization(path + ": expected a string");
    }
    return n.asText();
  }
}
