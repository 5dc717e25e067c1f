package dev.backroom.hub.mqtt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.backroom.config.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Mutates valid envelopes, or makes up payloads, from a seeded {@link Random}: bit flips,
 * truncation, wrong types, huge numbers, deep nesting, odd unicode and invalid UTF-8, empty
 * payloads, big payloads within the cap, and random bytes or JSON. Pure: same seed, same output.
 */
final class EnvelopeFuzzer {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final String[] WEIRD = {"", " ", "\u0000", "\u202e\u0645\u0631\u062d\u0628\u0627",
      "\ud83d\ude00\ud83d\udc4d", "\ud800", "\u200b\ufeff", "online", "offline", "RUNNING", "null",
      "../../etc/passwd", "backroom/v1/devices/#", "a".repeat(5000), "'; DROP TABLE devices; --"};
  private static final String[] NUMBERS = {"1e400", "-1", "0", "99999999999999999999999999",
      "-9223372036854775809", "1.5", "NaN", "-0", "2147483648", "1".repeat(1200)};

  private final ObjectMapper mapper = Json.mapper();
  private final Random random;
  private final int maxBytes;

  EnvelopeFuzzer(long seed, int maxBytes) {
    this.random = new Random(seed);
    this.maxBytes = maxBytes;
  }

  Random random() {
    return random;
  }

  /** One payload derived from {@code valid} (a valid envelope of the topic's kind) or made up. */
  byte[] next(byte[] valid) {
    int pick = random.nextInt(100);
    if (pick < 4) {
      return valid.clone();
    } else if (pick < 16) {
      return flipBits(valid);
    } else if (pick < 26) {
      return Arrays.copyOf(valid, random.nextInt(valid.length));
    } else if (pick < 64) {
      return utf8(mutateTree(tree(valid)));
    } else if (pick < 70) {
      return utf8(deepNesting(tree(valid)));
    } else if (pick < 74) {
      return invalidUtf8(valid);
    } else if (pick < 78) {
      return utf8(new String[] {"", "{}", "[]", "null", "0", "\"\"", " ", "{\"v\":1}"}[random.nextInt(8)]);
    } else if (pick < 79) {
      return bigWithinCap(tree(valid));
    } else if (pick < 88) {
      byte[] b = new byte[random.nextInt(512)];
      random.nextBytes(b);
      return b;
    }
    return utf8(randomJson(0));
  }

  private byte[] flipBits(byte[] valid) {
    byte[] b = valid.clone();
    for (int i = 0, n = 1 + random.nextInt(3); i < n && b.length > 0; i++) {
      int at = random.nextInt(b.length);
      b[at] ^= (byte) (1 << random.nextInt(8));
    }
    return b;
  }

  /** Replaces, removes or adds one field somewhere in the envelope, its body included. */
  private String mutateTree(ObjectNode root) {
    List<ObjectNode> objects = new ArrayList<>();
    collectObjects(root, objects);
    ObjectNode target = objects.get(random.nextInt(objects.size()));
    List<String> names = new ArrayList<>();
    target.fieldNames().forEachRemaining(names::add);
    String field = names.isEmpty() || random.nextInt(8) == 0
        ? "extra" + random.nextInt(3) : names.get(random.nextInt(names.size()));
    switch (random.nextInt(6)) {
      case 0 -> target.remove(field);
      case 1 -> {
        // Huge or odd numbers, written raw so they reach the parser as they are.
        target.put(field, "__N__");
        return root.toString().replace("\"__N__\"", NUMBERS[random.nextInt(NUMBERS.length)]);
      }
      case 2 -> target.put(field, WEIRD[random.nextInt(WEIRD.length)]);
      case 3 -> target.set(field, randomScalarOrContainer());
      case 4 -> {
        // Duplicate key: Jackson keeps the last one.
        return root.toString().replaceFirst("\\{", "{\"" + field + "\":" + randomJson(2) + ",");
      }
      default -> target.put(field, random.nextBoolean() ? random.nextLong() : random.nextInt(3));
    }
    return root.toString();
  }

  private String deepNesting(ObjectNode root) {
    int depth = new int[] {10, 200, 999, 1001, 3000, 20000}[random.nextInt(6)];
    String open = random.nextBoolean() ? "[" : "{\"x\":";
    String close = open.equals("[") ? "]" : "}";
    String inner = open.repeat(depth) + "1" + close.repeat(depth);
    String field = random.nextBoolean() ? "body" : "ts";
    root.put(field, "__D__");
    return root.toString().replace("\"__D__\"", inner);
  }

  private byte[] invalidUtf8(byte[] valid) {
    byte[] junk = {(byte) 0xC3, (byte) 0x28, (byte) 0xFF, (byte) 0xED, (byte) 0xA0, (byte) 0x80};
    int at = random.nextInt(valid.length);
    byte[] b = new byte[valid.length + 2];
    System.arraycopy(valid, 0, b, 0, at);
    b[at] = junk[random.nextInt(junk.length)];
    b[at + 1] = junk[random.nextInt(junk.length)];
    System.arraycopy(valid, at, b, at + 2, valid.length - at);
    return b;
  }

  /** A valid-looking envelope padded to between half the cap and a little under it. */
  private byte[] bigWithinCap(ObjectNode root) {
    int size = maxBytes / 2 + random.nextInt(maxBytes / 2 - 4096);
    ObjectNode target = random.nextBoolean() ? root : (ObjectNode) root.path("body");
    target.put("padding", "x".repeat(size));
    return utf8(root.toString());
  }

  private JsonNode randomScalarOrContainer() {
    return switch (random.nextInt(6)) {
      case 0 -> F.nullNode();
      case 1 -> F.booleanNode(random.nextBoolean());
      case 2 -> F.numberNode(random.nextDouble() * 1e12);
      case 3 -> F.textNode(WEIRD[random.nextInt(WEIRD.length)]);
      case 4 -> F.arrayNode().add(random.nextInt()).add("x");
      default -> F.objectNode().put("deviceId", "someone-else");
    };
  }

  private String randomJson(int depth) {
    int k = random.nextInt(depth > 3 ? 4 : 7);
    return switch (k) {
      case 0 -> "null";
      case 1 -> Long.toString(random.nextLong());
      case 2 -> mapper.valueToTree(WEIRD[random.nextInt(WEIRD.length)]).toString();
      case 3 -> Boolean.toString(random.nextBoolean());
      case 4 -> {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0, n = random.nextInt(4); i < n; i++) {
          sb.append(i > 0 ? "," : "").append(randomJson(depth + 1));
        }
        yield sb.append(']').toString();
      }
      default -> {
        StringBuilder sb = new StringBuilder("{");
        String[] keys = {"v", "type", "deviceId", "ts", "body", "state", "tasks", "generation", "arch"};
        for (int i = 0, n = random.nextInt(6); i < n; i++) {
          sb.append(i > 0 ? "," : "").append('"').append(keys[random.nextInt(keys.length)])
              .append("\":").append(randomJson(depth + 1));
        }
        yield sb.append('}').toString();
      }
    };
  }

  private static void collectObjects(JsonNode node, List<ObjectNode> into) {
    if (node instanceof ObjectNode o) {
      into.add(o);
    }
    node.forEach(child -> collectObjects(child, into));
  }

  private ObjectNode tree(byte[] valid) {
    try {
      return (ObjectNode) mapper.readTree(valid);
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("baseline is not an envelope", e);
    }
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
