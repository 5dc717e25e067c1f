package dev.backroom.hub.api;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Generates hostile request bodies for a JSON body type (a record, read by reflection, nested
 * records, lists and maps included): oversized strings in every field, wrong types, numbers
 * beyond any type, nesting thousands deep, invalid UTF-8, non-JSON and empty bodies. Pure: the
 * same kind, type and seed give the same bytes.
 */
final class JunkBodies {
  private JunkBodies() {}

  enum Kind {
    EMPTY, NOT_JSON, INVALID_UTF8, TOP_LEVEL_WRONG_TYPE, DEEP_ARRAYS, DEEP_OBJECTS,
    DEEP_IN_A_FIELD, OVERSIZED_STRINGS, WRONG_TYPES, HUGE_NUMBERS, ODD_STRINGS, ONE_FIELD_JUNK
  }

  /** Below quarkus.http.limits.max-body-size (1M): junk that the parser must see. */
  static final int MAX_BODY = 900_000;

  private static final String[] WRONG = {"123", "-1", "true", "false", "[]", "{}", "\"str\"",
      "null", "1.5", "[1,2]", "{\"a\":1}"};
  private static final String[] HUGE = {"1e400", "-1e400", "99999999999999999999999999",
      "-99999999999999999999", "2147483648", "9223372036854775808", "1" + "0".repeat(1_200),
      "0." + "1".repeat(1_200)};
  private static final String[] ODD = {"\"\\u0000\"", "\"\\ud800\"", "\"\\udc00x\"",
      "\"' or 1=1 --\"", "\"../../etc/passwd\"", "\"%00\"", "\"\"", "\"   \"",
      "\"\\u202e\\ufeff\"", "\"😀\"", "\"\\n\\r\\t\""};

  static byte[] body(Kind kind, Type type, Random r) {
    return switch (kind) {
      case EMPTY -> new byte[0];
      case NOT_JSON -> utf8(List.of("hello", "<xml/>", "{", "{\"a\":}", "}{", "[1,]", "'a'",
          "{a:1}", "NaN", "\u0000").get(r.nextInt(10)));
      case INVALID_UTF8 -> invalidUtf8(valid(type, r, 0), r);
      case TOP_LEVEL_WRONG_TYPE -> utf8(WRONG[r.nextInt(WRONG.length)]);
      case DEEP_ARRAYS -> utf8(deep(pick(r, 1_001, 5_000, 100_000), "[", "]"));
      case DEEP_OBJECTS -> utf8(deep(pick(r, 1_001, 5_000, 60_000), "{\"a\":", "}")
          .replace("{\"a\":}", "{\"a\":1}"));
      case DEEP_IN_A_FIELD -> utf8(oneField(type, r, deep(pick(r, 1_001, 20_000), "[", "]")));
      case OVERSIZED_STRINGS -> oversized(type, r);
      case WRONG_TYPES -> utf8(new Gen(r, Mode.WRONG).value(type, 0));
      case HUGE_NUMBERS -> utf8(new Gen(r, Mode.HUGE).value(type, 0));
      case ODD_STRINGS -> utf8(new Gen(r, Mode.ODD).value(type, 0));
      case ONE_FIELD_JUNK -> utf8(oneField(type, r, anyJunk(r)));
    };
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static int pick(Random r, int... values) {
    return values[r.nextInt(values.length)];
  }

  private static String deep(int n, String open, String close) {
    return open.repeat(n) + close.repeat(n);
  }

  private static String valid(Type type, Random r, int depth) {
    return new Gen(r, Mode.VALID).value(type, depth);
  }

  /** A valid-looking body with bytes that are not UTF-8 inside a string. */
  private static byte[] invalidUtf8(String json, Random r) {
    byte[] bad = List.of(new byte[] {(byte) 0xC3, (byte) 0x28}, new byte[] {(byte) 0xFF},
        new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, new byte[] {(byte) 0xF8, 1, 2, 3})
        .get(r.nextInt(4));
    int quote = json.indexOf('"', 1);
    byte[] head = utf8(json.substring(0, quote < 0 ? 0 : quote + 1));
    byte[] tail = utf8(quote < 0 ? json : json.substring(quote + 1));
    if (quote < 0) {
      head = utf8("\"");
      tail = utf8("\"");
    }
    byte[] out = new byte[head.length + bad.length + tail.length];
    System.arraycopy(head, 0, out, 0, head.length);
    System.arraycopy(bad, 0, out, head.length, bad.length);
    System.arraycopy(tail, 0, out, head.length + bad.length, tail.length);
    return out;
  }

  private static String anyJunk(Random r) {
    return switch (r.nextInt(4)) {
      case 0 -> WRONG[r.nextInt(WRONG.length)];
      case 1 -> HUGE[r.nextInt(HUGE.length)];
      case 2 -> ODD[r.nextInt(ODD.length)];
      default -> "\"" + "x".repeat(pick(r, 65, 256, 1_025, 5_000, 100_000)) + "\"";
    };
  }

  /** Every string field (at every depth) as a long string, as long as the body limit allows. */
  private static byte[] oversized(Type type, Random r) {
    for (int size : new int[] {pick(r, 300, 1_100, 5_000, 70_000), 5_000, 1_100, 300}) {
      Gen g = new Gen(r, Mode.OVERSIZED);
      g.size = size;
      String s = g.value(type, 0);
      if (s.length() <= MAX_BODY) {
        return utf8(s);
      }
    }
    return utf8("\"" + "x".repeat(70_000) + "\"");
  }

  /** A valid-looking object with one top-level field replaced by {@code junk}. */
  private static String oneField(Type type, Random r, String junk) {
    List<RecordComponent> fields = components(type);
    if (fields.isEmpty()) {
      return junk;
    }
    Gen g = new Gen(r, Mode.VALID);
    int chosen = r.nextInt(fields.size());
    StringBuilder sb = new StringBuilder("{");
    for (int i = 0; i < fields.size(); i++) {
      RecordComponent c = fields.get(i);
      sb.append(i == 0 ? "" : ",").append('"').append(c.getName()).append("\":")
          .append(i == chosen ? junk : g.value(c.getGenericType(), 1));
    }
    return sb.append('}').toString();
  }

  private static List<RecordComponent> components(Type type) {
    return type instanceof Class<?> c && c.isRecord() ? List.of(c.getRecordComponents()) : List.of();
  }

  private enum Mode { VALID, WRONG, HUGE, ODD, OVERSIZED }

  /** Writes a JSON value for a Java type; the mode decides what goes into its leaves. */
  private static final class Gen {
    private final Random r;
    private final Mode mode;
    int size = 300;

    Gen(Random r, Mode mode) {
      this.r = r;
      this.mode = mode;
    }

    String value(Type t, int depth) {
      Class<?> raw = raw(t);
      if (raw.isRecord() && depth < 5) {
        StringBuilder sb = new StringBuilder("{");
        RecordComponent[] cs = raw.getRecordComponents();
        for (int i = 0; i < cs.length; i++) {
          sb.append(i == 0 ? "" : ",").append('"').append(cs[i].getName()).append("\":")
              .append(value(cs[i].getGenericType(), depth + 1));
        }
        return sb.append('}').toString();
      }
      if (List.class.isAssignableFrom(raw) && depth < 5) {
        Type item = t instanceof ParameterizedType p ? p.getActualTypeArguments()[0] : String.class;
        int n = 1 + r.nextInt(2);
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < n; i++) {
          sb.append(i == 0 ? "" : ",").append(value(item, depth + 1));
        }
        return sb.append(']').toString();
      }
      if (Map.class.isAssignableFrom(raw) && depth < 5) {
        Type v = t instanceof ParameterizedType p ? p.getActualTypeArguments()[1] : String.class;
        return "{\"k" + r.nextInt(9) + "\":" + value(v, depth + 1) + "}";
      }
      return leaf(raw);
    }

    private String leaf(Class<?> raw) {
      boolean number = Number.class.isAssignableFrom(raw) || (raw.isPrimitive()
          && raw != boolean.class);
      return switch (mode) {
        case VALID -> valid(raw, number);
        case WRONG -> r.nextBoolean() ? WRONG[r.nextInt(WRONG.length)] : valid(raw, number);
        case HUGE -> number || r.nextInt(4) == 0 ? HUGE[r.nextInt(HUGE.length)]
            : valid(raw, number);
        case ODD -> raw == String.class ? ODD[r.nextInt(ODD.length)] : valid(raw, number);
        case OVERSIZED -> raw == String.class || raw == Object.class
            ? "\"" + "x".repeat(size) + "\"" : valid(raw, number);
      };
    }

    private String valid(Class<?> raw, boolean number) {
      if (number) {
        return Integer.toString(r.nextInt(100));
      }
      if (raw == Boolean.class || raw == boolean.class) {
        return Boolean.toString(r.nextBoolean());
      }
      if (raw.isEnum()) {
        return "\"" + ((Enum<?>) raw.getEnumConstants()[0]).name() + "\"";
      }
      return "\"v" + r.nextInt(100) + "\"";
    }

    private static Class<?> raw(Type t) {
      if (t instanceof Class<?> c) {
        return c;
      }
      if (t instanceof ParameterizedType p && p.getRawType() instanceof Class<?> c) {
        return c;
      }
      return Object.class;
    }
  }
}
