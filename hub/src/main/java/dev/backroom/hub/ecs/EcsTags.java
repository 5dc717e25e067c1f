package dev.backroom.hub.ecs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.backroom.ecs.wire.EcsError;
import dev.backroom.ecs.wire.EcsJson;
import dev.backroom.jdbc.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Tags of ECS resources in H2 ({@code ecs_tags}), by ARN, with ECS's rules: at most 50 a
 * resource, keys 1 to 128 characters, values up to 256, no key starting {@code aws:} (reserved).
 * Every operation that takes {@code tags} reads them with {@link #read} (refusing bad ones before
 * anything changes) and stores them with {@link #put} in the same transaction as the resource.
 */
@ApplicationScoped
public class EcsTags {
  public static final int MAX_TAGS = 50;
  private static final Pattern ALLOWED = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*");

  @Inject Jdbc jdbc;

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
      if (key.toLowerCase(java.util.Locale.ROOT).startsWith("aws:")) {
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

  private static String text(JsonNode n, String path) {
    if (n == null || n.isNull()) {
      throw EcsError.invalidParameter(path + " is required");
    }
    if (!n.isTextual()) {
      throw EcsError.serialization(path + ": expected a string");
    }
    return n.asText();
  }

  /** Adds or replaces tags of {@code arn}; more than 50 in all is refused, nothing changed. */
  public void put(String arn, Map<String, String> tags) {
    if (tags.isEmpty()) {
      return;
    }
    jdbc.inTransaction(() -> {
      Map<String, String> all = new LinkedHashMap<>(list(arn));
      all.putAll(tags);
      if (all.size() > MAX_TAGS) {
        throw EcsError.invalidParameter("a resource holds at most " + MAX_TAGS + " tags; "
            + arn + " would hold " + all.size());
      }
      tags.forEach((k, v) -> {
        jdbc.update("delete from ecs_tags where resource_arn = ? and tag_key = ?", arn, k);
        jdbc.update("insert into ecs_tags (resource_arn, tag_key, tag_value) values (?, ?, ?)",
            arn, k, v);
      });
      return null;
    });
  }

  public void remove(String arn, List<String> keys) {
    for (String k : keys) {
      jdbc.update("delete from ecs_tags where resource_arn = ? and tag_key = ?", arn, k);
    }
  }

  /** Every tag of a resource that is gone (a deleted service), so a new one starts bare. */
  public void forget(String arn) {
    jdbc.update("delete from ecs_tags where resource_arn = ?", arn);
  }

  public Map<String, String> list(String arn) {
    Map<String, String> out = new LinkedHashMap<>();
    jdbc.query("select tag_key, tag_value from ecs_tags where resource_arn = ? order by tag_key",
        rs -> new String[] {rs.getString(1), rs.getString(2)}, arn)
        .forEach(kv -> out.put(kv[0], kv[1]));
    return out;
  }

  /** Tags as ECS writes them: {@code [{key, value}]}. */
  public static ArrayNode json(Map<String, String> tags) {
    ArrayNode a = EcsJson.mapper().createArrayNode();
    new ArrayList<>(tags.entrySet()).forEach(e -> a.addObject().put("key", e.getKey())
        .put("value", e.getValue()));
    return a;
  }
}
