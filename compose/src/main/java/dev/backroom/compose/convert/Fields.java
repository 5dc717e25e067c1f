package dev.backroom.compose.convert;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A Compose mapping being converted: every read marks its key, and {@link #refuseUnread} turns
 * each key nobody read into a refusal, so no key is dropped without a word. Readers return null
 * for an absent key and for a wrong type (after recording the refusal), so one conversion
 * collects every problem.
 */
final class Fields {
  private final String service;
  private final String path;
  private final Map<String, Object> map;
  private final Problems problems;
  private final Set<String> read = new HashSet<>();

  Fields(String service, String path, Map<String, Object> map, Problems problems) {
    this.service = service;
    this.path = path;
    this.map = map;
    this.problems = problems;
  }

  /** {@code value} as Fields, or null (refused) when it is not a mapping. */
  @SuppressWarnings("unchecked")
  static Fields of(String service, String path, Object value, Problems problems) {
    if (value instanceof Map<?, ?> m) {
      return new Fields(service, path, (Map<String, Object>) m, problems);
    }
    problems.add(service, path, "must be a mapping");
    return null;
  }

  String service() {
    return service;
  }

  Problems problems() {
    return problems;
  }

  String at(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  boolean has(String key) {
    return map.containsKey(key);
  }

  List<String> keys() {
    return new ArrayList<>(map.keySet());
  }

  void refuse(String pathHere, String reason) {
    problems.add(service, pathHere, reason);
  }

  /** The raw value, marked read. */
  Object take(String key) {
    read.add(key);
    return map.get(key);
  }

  Fields mapping(String key) {
    Object v = take(key);
    return v == null ? null : of(service, at(key), v, problems);
  }

  String string(String key) {
    Object v = take(key);
    if (v == null || v instanceof String) {
      return (String) v;
    }
    if (v instanceof Number || v instanceof Boolean) {
      return String.valueOf(v);
    }
    refuse(at(key), "must be a string");
    return null;
  }

  /** An integer, also from a string as interpolation leaves it ({@code replicas: ${N}}). */
  Integer integer(String key, int min, int max) {
    Object v = take(key);
    if (v == null) {
      return null;
    }
    try {
      long n = v instanceof Long l ? l : v instanceof BigInteger ? Long.MAX_VALUE
          : Long.parseLong(String.valueOf(v).strip());
      if (n < min || n > max) {
        refuse(at(key), "must be between " + min + " and " + max + " but is " + v);
        return null;
      }
      return (int) n;
    } catch (NumberFormatException e) {
      refuse(at(key), "must be a whole number but is '" + v + "'");
      return null;
    }
  }

  Boolean bool(String key) {
    Object v = take(key);
    if (v == null || v instanceof Boolean) {
      return (Boolean) v;
    }
    if (v instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) {
      return Boolean.valueOf(s);
    }
    refuse(at(key), "must be true or false but is '" + v + "'");
    return null;
  }

  /** A list of strings; a single string when {@code single} allows it. */
  List<String> strings(String key, boolean single) {
    Object v = take(key);
    if (v == null) {
      return null;
    }
    if (single && v instanceof String s) {
      return List.of(s);
    }
    if (!(v instanceof List<?> list)) {
      refuse(at(key), single ? "must be a string or a list of strings"
          : "must be a list of strings");
      return null;
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      Object o = list.get(i);
      if (o instanceof String || o instanceof Number || o instanceof Boolean) {
        out.add(String.valueOf(o));
      } else {
        refuse(at(key) + "[" + i + "]", "must be a string");
      }
    }
    return out;
  }

  /**
   * Compose's "list or dictionary" ({@code labels}, {@code environment}): a mapping, or a list
   * of {@code KEY=VALUE} (or {@code KEY} alone: null value). Values stay null when absent.
   */
  Map<String, String> dictionary(String key, char separator) {
    Object v = take(key);
    if (v == null) {
      return null;
    }
    Map<String, String> out = new LinkedHashMap<>();
    if (v instanceof Map<?, ?> m) {
      for (Map.Entry<?, ?> e : m.entrySet()) {
        Object val = e.getValue();
        if (val instanceof Map || val instanceof List) {
          refuse(at(key) + "." + e.getKey(), "must be a string, a number, a boolean or null");
        } else {
          out.put(String.valueOf(e.getKey()), val == null ? null : String.valueOf(val));
        }
      }
      return out;
    }
    List<String> items = v instanceof List ? strings(key, false) : null;
    if (items == null) {
      refuse(at(key), "must be a mapping or a list of KEY" + separator + "VALUE");
      return null;
    }
    for (int i = 0; i < items.size(); i++) {
      String item = items.get(i);
      int at = item.indexOf(separator);
      String k = at < 0 ? item : item.substring(0, at);
      if (out.containsKey(k)) {
        refuse(at(key) + "[" + i + "]", "'" + k + "' is given twice");
      }
      out.put(k, at < 0 ? null : item.substring(at + 1));
    }
    return out;
  }

  /** Marks a key read because it is documented as accepted with no effect. */
  void accepted(String key) {
    read.add(key);
  }

  /**
   * Refuses every key not read: with {@code reasons}' reason when it names the key, else as
   * not mapped. {@code x-} keys are Compose's extension fields, which Compose itself ignores.
   */
  void refuseUnread(Map<String, String> reasons, String what) {
    for (String key : map.keySet()) {
      if (read.contains(key) || key.startsWith("x-")) {
        continue;
      }
      refuse(at(key), reasons.getOrDefault(key, "'" + key + "' is not " + what
          + " Backroom maps (docs/compose.md lists them); remove it"));
    }
  }
}
