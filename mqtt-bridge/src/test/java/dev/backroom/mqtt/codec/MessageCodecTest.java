package dev.backroom.mqtt.codec;

import static dev.backroom.mqtt.Messages.DEVICE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.backroom.config.json.Json;
import dev.backroom.mqtt.Messages;
import dev.backroom.mqtt.Topics;
import dev.backroom.mqtt.message.Assignment;
import dev.backroom.mqtt.message.Capabilities;
import dev.backroom.mqtt.message.DeviceCommand;
import dev.backroom.mqtt.message.LogFrame;
import dev.backroom.mqtt.message.Heartbeat;
import dev.backroom.mqtt.message.Lifecycle;
import dev.backroom.mqtt.message.StatusReport;
import dev.backroom.mqtt.message.WireMessage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class MessageCodecTest {
  private static final long TS = 1_700_000_000_000L;
  private static final Set<String> REASONS = Set.of(MessageCodec.TOO_LARGE, MessageCodec.NOT_JSON,
      MessageCodec.BAD_ENVELOPE, MessageCodec.WRONG_VERSION, MessageCodec.WRONG_TYPE,
      MessageCodec.WRONG_DEVICE, MessageCodec.BAD_BODY);

  private final MessageCodec codec = new MessageCodec();

  /** One kind of message: the topic kind it travels on, its body class and a valid body. */
  record Kind(String type, Class<? extends WireMessage> bodyType, WireMessage body) {
    @Override
    public String toString() {
      return type;
    }
  }

  static List<Kind> kinds() {
    return List.of(
        new Kind(Topics.CAPABILITIES, Capabilities.class, Messages.capabilities(DEVICE)),
        new Kind(Topics.HEARTBEAT, Heartbeat.class, Messages.heartbeat(DEVICE)),
        new Kind(Topics.LIFECYCLE, Lifecycle.class, Messages.lifecycle(DEVICE, Lifecycle.ONLINE)),
        new Kind(Topics.STATUS, StatusReport.class, Messages.status(DEVICE)),
        new Kind(Topics.ASSIGNMENT, Assignment.class, Messages.assignment(DEVICE)),
        new Kind(Topics.ASSIGNMENT, Assignment.class, Assignment.empty(DEVICE)),
        new Kind(Topics.COMMANDS, DeviceCommand.class, Messages.execInput(DEVICE)),
        new Kind(Topics.COMMANDS, DeviceCommand.class,
            DeviceCommand.of(DEVICE, DeviceCommand.RESTART, null, "t-1")),
        new Kind(Topics.LOGS, LogFrame.class, Messages.logLine(DEVICE)));
  }

  // ---- round trip ---------------------------------------------------------------------------

  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void encodedMessage_decodesToAnEqualBody(Kind k) {
    byte[] bytes = codec.encode(k.type(), DEVICE, TS, k.body());

    Decoded<? extends WireMessage> d = codec.decode(bytes, k.type(), DEVICE, k.bodyType());

    Decoded.Ok<? extends WireMessage> ok = assertInstanceOf(Decoded.Ok.class, d, d::toString);
    assertEquals(k.body(), ok.body());
    Envelope e = ok.envelope();
    assertEquals(List.of(1, k.type(), DEVICE, TS), List.of(e.v(), e.type(), e.deviceId(), e.ts()));
    // Compared as text: a long field reads back as an IntNode, which JsonNode.equals tells apart.
    assertEquals(Json.write(k.body()), Json.write(e.body()));
  }

  @Test
  void decodeWithoutExpectedDevice_acceptsAnyDevice() {
    byte[] bytes = codec.encode(Topics.HEARTBEAT, "pi-9", TS, Messages.heartbeat("pi-9"));

    assertInstanceOf(Decoded.Ok.class, codec.decode(bytes, Topics.HEARTBEAT, null, Heartbeat.class));
  }

  @Test
  void encodeOverTheLimit_throwsInsteadOfSendingWhatReceiversWouldDrop() {
    MessageCodec small = new MessageCodec(64);

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> small.encode(Topics.STATUS, DEVICE, TS, Messages.status(DEVICE)));
    assertTrue(e.getMessage().contains("exceeds the limit of 64"), e.getMessage());
  }

  // ---- rejections ---------------------------------------------------------------------------

  record Case(String name, byte[] payload, String expectedType, Class<?> bodyType, String reason) {
    Case(String name, String payload, String expectedType, Class<?> bodyType, String reason) {
      this(name, payload.getBytes(StandardCharsets.UTF_8), expectedType, bodyType, reason);
    }

    @Override
    public String toString() {
      return name;
    }
  }

  /** An envelope as JSON text; {@code body} is raw JSON. */
  static String envelope(String v, String type, String deviceId, String ts, String body) {
    StringBuilder sb = new StringBuilder("{");
    if (v != null) {
      sb.append("\"v\":").append(v).append(',');
    }
    if (type != null) {
      sb.append("\"type\":\"").append(type).append("\",");
    }
    if (deviceId != null) {
      sb.append("\"deviceId\":\"").append(deviceId).append("\",");
    }
    if (ts != null) {
      sb.append("\"ts\":").append(ts).append(',');
    }
    if (body != null) {
      sb.append("\"body\":").append(body).append(',');
    }
    sb.setLength(sb.length() - 1);
    return sb.append('}').toString();
  }

  static String heartbeatEnvelope(String body) {
    return envelope("1", Topics.HEARTBEAT, DEVICE, Long.toString(TS), body);
  }

  static final String HEARTBEAT_BODY = Json.write(Messages.heartbeat(DEVICE));

  static Stream<Case> rejections() {
    Class<?> hb = Heartbeat.class;
    String hbType = Topics.HEARTBEAT;
    return Stream.of(
        new Case("null payload", (byte[]) null, hbType, hb, MessageCodec.NOT_JSON),
        new Case("empty payload", new byte[0], hbType, hb, MessageCodec.NOT_JSON),
        new Case("oversized payload", new byte[MessageCodec.DEFAULT_MAX_BYTES + 1], hbType, hb,
            MessageCodec.TOO_LARGE),
        new Case("not JSON", "hello", hbType, hb, MessageCodec.NOT_JSON),
        new Case("truncated JSON", heartbeatEnvelope(HEARTBEAT_BODY).substring(0, 30), hbType, hb,
            MessageCodec.NOT_JSON),
        new Case("binary garbage", new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2}, hbType, hb,
            MessageCodec.NOT_JSON),
        new Case("nesting deeper than Jackson allows", "[".repeat(5_000), hbType, hb,
            MessageCodec.NOT_JSON),
        new Case("whitespace only", "   \n", hbType, hb, MessageCodec.BAD_ENVELOPE),
        new Case("JSON array", "[" + heartbeatEnvelope(HEARTBEAT_BODY) + "]", hbType, hb,
            MessageCodec.BAD_ENVELOPE),
        new Case("JSON string", "\"heartbeat\"", hbType, hb, MessageCodec.BAD_ENVELOPE),
        new Case("missing v", envelope(null, hbType, DEVICE, "1", HEARTBEAT_BODY), hbType, hb,
            MessageCodec.BAD_ENVELOPE),
        new Case("v as a string", envelope("\"1\"", hbType, DEVICE, "1", HEARTBEAT_BODY), hbType, hb,
            MessageCodec.BAD_ENVELOPE),
        new Case("v as a fraction", envelope("1.0", hbType, DEVICE, "1", HEARTBEAT_BODY), hbType, hb,
            MessageCodec.BAD_ENVELOPE),
        new Case("newer version", envelope("2", hbType, DEVICE, "1", HEARTBEAT_BODY), hbType, hb,
            MessageCodec.WRONG_VERSION),
        new Case("version zero", envelope("0", hbType, DEVICE, "1", HEARTBEAT_BODY), hbType, hb,
            MessageCodec.WRONG_VERSION),
        new Case("missing type", envelope("1", null, DEVICE, "1", HEARTBEAT_BODY), hbType, hb,
            MessageCodec.BAD_ENVELOPE),
        new Case("missing deviceId", envelope("1", hbType, null, "1", HEARTBEAT_BODY), hbType, hb,
            MessageCodec.BAD_ENVELOPE),
        new Case("blank deviceId", envelope("1", hbType, " ", "1", HEARTBEAT_BODY), hbType, hb,
            MessageCodec.BAD_ENVELOPE),
        new Case("missing ts", envelope("1", hbType, DEVICE, null, HEARTBEAT_BODY), hbType, hb,
            MessageCodec.BAD_ENVELOPE),
        new Case("ts as a string", envelope("1", hbType, DEVICE, "\"now\"", HEARTBEAT_BODY), hbType, hb,
            MessageCodec.BAD_ENVELOPE),
        new Case("missing body", envelope("1", hbType, DEVICE, "1", null), hbType, hb,
            MessageCodec.BAD_ENVELOPE),
        new Case("body is an array", heartbeatEnvelope("[]"), hbType, hb, MessageCodec.BAD_ENVELOPE),
        new Case("heartbeat on a status topic", heartbeatEnvelope(HEARTBEAT_BODY), Topics.STATUS,
            StatusReport.class, MessageCodec.WRONG_TYPE),
        new Case("envelope names another device than the topic",
            envelope("1", hbType, "pi-2", "1", Json.write(Messages.heartbeat("pi-2"))), hbType, hb,
            MessageCodec.WRONG_DEVICE),
        new Case("body names another device than the envelope",
            heartbeatEnvelope(Json.write(Messages.heartbeat("pi-2"))), hbType, hb,
            MessageCodec.WRONG_DEVICE),
        new Case("body without deviceId",
            heartbeatEnvelope("{\"seq\":1,\"generation\":1,\"runningTasks\":0}"), hbType, hb,
            MessageCodec.WRONG_DEVICE),
        new Case("command with an unknown action",
            envelope("1", Topics.COMMANDS, DEVICE, "1", "{\"deviceId\":\"pi-1\",\"action\":\"rm-rf\"}"),
            Topics.COMMANDS, DeviceCommand.class, MessageCodec.BAD_BODY),
        new Case("log-start without a session",
            envelope("1", Topics.COMMANDS, DEVICE, "1",
                "{\"deviceId\":\"pi-1\",\"action\":\"log-start\",\"taskId\":\"t\"}"),
            Topics.COMMANDS, DeviceCommand.class, MessageCodec.BAD_BODY),
        new Case("exec-input with oversized data",
            envelope("1", Topics.COMMANDS, DEVICE, "1", "{\"deviceId\":\"pi-1\",\"action\":\"exec-input\","
                + "\"sessionId\":\"s\",\"data\":\"" + "A".repeat(DeviceCommand.MAX_DATA_CHARS + 1) + "\"}"),
            Topics.COMMANDS, DeviceCommand.class, MessageCodec.BAD_BODY),
        new Case("log frame of an unknown kind",
            envelope("1", Topics.LOGS, DEVICE, "1",
                "{\"deviceId\":\"pi-1\",\"sessionId\":\"s\",\"seq\":1,\"kind\":\"video\"}"),
            Topics.LOGS, LogFrame.class, MessageCodec.BAD_BODY),
        new Case("log frame with seq 0",
            envelope("1", Topics.LOGS, DEVICE, "1",
                "{\"deviceId\":\"pi-1\",\"sessionId\":\"s\",\"seq\":0,\"kind\":\"line\"}"),
            Topics.LOGS, LogFrame.class, MessageCodec.BAD_BODY),
        new Case("log line whose time is not an instant",
            envelope("1", Topics.LOGS, DEVICE, "1",
                "{\"deviceId\":\"pi-1\",\"sessionId\":\"s\",\"seq\":1,\"kind\":\"line\",\"at\":\"yesterday\"}"),
            Topics.LOGS, LogFrame.class, MessageCodec.BAD_BODY),
        new Case("status report without tasks",
            envelope("1", Topics.STATUS, DEVICE, "1", "{\"deviceId\":\"pi-1\",\"generation\":1}"),
            Topics.STATUS, StatusReport.class, MessageCodec.BAD_BODY),
        new Case("status report with negative generation",
            envelope("1", Topics.STATUS, DEVICE, "1", "{\"deviceId\":\"pi-1\",\"generation\":-1,\"tasks\":[]}"),
            Topics.STATUS, StatusReport.class, MessageCodec.BAD_BODY),
        new Case("status report with a task lacking lastStatus",
            envelope("1", Topics.STATUS, DEVICE, "1",
                "{\"deviceId\":\"pi-1\",\"generation\":1,\"tasks\":[{\"taskId\":\"t\"}]}"),
            Topics.STATUS, StatusReport.class, MessageCodec.BAD_BODY),
        new Case("assignment with a null task",
            envelope("1", Topics.ASSIGNMENT, DEVICE, "1",
                "{\"deviceId\":\"pi-1\",\"generation\":1,\"tasks\":[null]}"),
            Topics.ASSIGNMENT, Assignment.class, MessageCodec.BAD_BODY),
        new Case("lifecycle with an unknown state",
            envelope("1", Topics.LIFECYCLE, DEVICE, "1", "{\"deviceId\":\"pi-1\",\"state\":\"asleep\"}"),
            Topics.LIFECYCLE, Lifecycle.class, MessageCodec.BAD_BODY),
        new Case("capabilities without arch",
            envelope("1", Topics.CAPABILITIES, DEVICE, "1",
                "{\"deviceId\":\"pi-1\",\"cpus\":4,\"memoryMiB\":1024}"),
            Topics.CAPABILITIES, Capabilities.class, MessageCodec.BAD_BODY),
        new Case("heartbeat with a string seq",
            heartbeatEnvelope("{\"deviceId\":\"pi-1\",\"seq\":\"many\"}"), hbType, hb,
            MessageCodec.BAD_BODY),
        new Case("capabilities with attributes as a list",
            envelope("1", Topics.CAPABILITIES, DEVICE, "1",
                "{\"deviceId\":\"pi-1\",\"arch\":\"arm64\",\"cpus\":4,\"memoryMiB\":1,\"attributes\":[1]}"),
            Topics.CAPABILITIES, Capabilities.class, MessageCodec.BAD_BODY),
        new Case("status report with tasks as a string",
            envelope("1", Topics.STATUS, DEVICE, "1", "{\"deviceId\":\"pi-1\",\"tasks\":\"none\"}"),
            Topics.STATUS, StatusReport.class, MessageCodec.BAD_BODY),
        new Case("assignment whose task definition memory is a word",
            envelope("1", Topics.ASSIGNMENT, DEVICE, "1",
                "{\"deviceId\":\"pi-1\",\"generation\":1,\"tasks\":[{\"taskId\":\"t\","
                    + "\"taskDefinition\":{\"family\":\"w\",\"memory\":\"lots\"}}]}"),
            Topics.ASSIGNMENT, Assignment.class, MessageCodec.BAD_BODY));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rejections")
  void malformedPayload_isRejectedWithReasonCode(Case c) {
    assertRejected(codec.decode(c.payload(), c.expectedType(), DEVICE, c.bodyType()), c.reason());
  }

  private static void assertRejected(Decoded<?> d, String reason) {
    Decoded.Rejected<?> r = assertInstanceOf(Decoded.Rejected.class, d, () -> "accepted: " + d);
    assertEquals(reason, r.reason(), r::detail);
    assertNotNull(r.detail());
  }

  // ---- fuzz ---------------------------------------------------------------------------------

  static IntStream seeds() {
    return IntStream.range(0, 50);
  }

  /**
   * Verifies that decoding never throws, whatever arrives: 100 random byte arrays per seed
   * (5,000 in all), any outcome being Ok or Rejected with a known reason.
   */
  @ParameterizedTest
  @MethodSource("seeds")
  void randomBytes_neverThrow(int seed) {
    Random r = new Random(seed);
    for (int i = 0; i < 100; i++) {
      byte[] payload = new byte[r.nextInt(64) == 0 ? 0 : 1 + r.nextInt(300)];
      r.nextBytes(payload);
      if (payload.length > 0 && r.nextBoolean()) {
        payload[0] = '{'; // get past the first byte more often
      }
      assertDecodesSafely(payload, kinds().get(r.nextInt(kinds().size())));
    }
  }

  /**
   * Verifies that decoding never throws on near-valid input: 100 mutations per seed of valid
   * envelopes, at the byte level and at the JSON-tree level.
   */
  @ParameterizedTest
  @MethodSource("seeds")
  void mutatedEnvelopes_neverThrow(int seed) throws Exception {
    Random r = new Random(seed);
    List<Kind> kinds = kinds();
    for (int i = 0; i < 100; i++) {
      Kind k = kinds.get(r.nextInt(kinds.size()));
      byte[] valid = codec.encode(k.type(), DEVICE, TS, k.body());
      byte[] mutated = r.nextBoolean() ? mutateBytes(valid, r) : mutateTree(valid, r);
      assertDecodesSafely(mutated, k);
    }
  }

  private void assertDecodesSafely(byte[] payload, Kind k) {
    Decoded<? extends WireMessage> d;
    try {
      d = codec.decode(payload, k.type(), DEVICE, k.bodyType());
    } catch (RuntimeException e) {
      throw new AssertionError("decode threw on " + new String(payload, StandardCharsets.UTF_8), e);
    }
    if (d instanceof Decoded.Ok<? extends WireMessage> ok) {
      assertEquals(DEVICE, ok.envelope().deviceId());
      assertEquals(k.type(), ok.envelope().type());
      assertNull(ok.body().problem(), "an accepted body has no problem");
    } else if (d instanceof Decoded.Rejected<? extends WireMessage> rej) {
      assertTrue(REASONS.contains(rej.reason()), rej.reason());
    } else {
      fail("decode returned " + d);
    }
  }

  private static final String INSERTS = "{}[]\",:0-9en\\";

  private static byte[] mutateBytes(byte[] in, Random r) {
    List<Byte> b = new ArrayList<>();
    for (byte x : in) {
      b.add(x);
    }
    int edits = 1 + r.nextInt(4);
    for (int e = 0; e < edits && !b.isEmpty(); e++) {
      int at = r.nextInt(b.size());
      switch (r.nextInt(4)) {
        case 0 -> b.set(at, (byte) r.nextInt(256));
        case 1 -> b.subList(at, Math.min(b.size(), at + 1 + r.nextInt(8))).clear();
        case 2 -> b.add(at, (byte) INSERTS.charAt(r.nextInt(INSERTS.length())));
        default -> b.set(at, (byte) "{}[]\",:".charAt(r.nextInt(7)));
      }
    }
    byte[] out = new byte[b.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = b.get(i);
    }
    return out;
  }

  /** Replaces one random node of the envelope tree with a value of a random JSON type. */
  private static byte[] mutateTree(byte[] in, Random r) throws java.io.IOException {
    JsonNode root = Json.mapper().readTree(in);
    List<JsonNode> containers = new ArrayList<>();
    collectContainers(root, containers);
    JsonNode target = containers.get(r.nextInt(containers.size()));
    JsonNode replacement = randomValue(r);
    if (target instanceof ObjectNode o && o.size() > 0) {
      List<String> names = new ArrayList<>();
      o.fieldNames().forEachRemaining(names::add);
      String name = names.get(r.nextInt(names.size()));
      if (r.nextInt(5) == 0) {
        o.remove(name);
      } else {
        o.set(name, replacement);
      }
    } else if (target instanceof ArrayNode a && a.size() > 0) {
      a.set(r.nextInt(a.size()), replacement);
    } else if (target instanceof ArrayNode a) {
      a.add(replacement);
    }
    return Json.write(root).getBytes(StandardCharsets.UTF_8);
  }

  private static void collectContainers(JsonNode n, List<JsonNode> out) {
    if (n.isContainerNode()) {
      out.add(n);
      for (Iterator<JsonNode> it = n.elements(); it.hasNext(); ) {
        collectContainers(it.next(), out);
      }
    }
  }

  private static JsonNode randomValue(Random r) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    return switch (r.nextInt(10)) {
      case 0 -> f.nullNode();
      case 1 -> f.numberNode(r.nextInt());
      case 2 -> f.numberNode(Long.MAX_VALUE);
      case 3 -> f.numberNode(r.nextDouble() * 1e300);
      case 4 -> f.textNode(r.nextBoolean() ? "" : "x" + r.nextInt());
      case 5 -> f.booleanNode(r.nextBoolean());
      case 6 -> f.arrayNode().add(r.nextInt()).addNull();
      case 7 -> f.objectNode().put("deviceId", "pi-2");
      case 8 -> f.textNode(DEVICE);
      default -> Json.mapper().valueToTree(Map.of("tasks", List.of(Map.of("taskId", 1))));
    };
  }
}
