package dev.backroom.mqtt.signing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.backroom.config.json.Json;
import dev.backroom.mqtt.Messages;
import dev.backroom.mqtt.Topics;
import dev.backroom.mqtt.codec.Envelope;
import dev.backroom.mqtt.codec.MessageCodec;
import dev.backroom.mqtt.message.Assignment;
import dev.backroom.mqtt.message.DeviceCommand;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The signer writes the envelope straight to bytes; what it writes must be the envelope that a
 * tree of the same header and body describes, field for field (nulls, nesting, non-ASCII text).
 */
class EnvelopeSignerTest {
  private static final KeyPair HUB = SigningKeys.generate();
  private static final EnvelopeSigner SIGNER = new EnvelopeSigner(HUB, MessageCodec.DEFAULT_MAX_BYTES);
  private static final ObjectMapper MAPPER = Json.mapper();

  record Case(String type, String device, long seq, Object body) {}

  static Stream<Case> cases() {
    Assignment a = Messages.assignment("dev-ü");
    return Stream.of(
        new Case(Topics.ASSIGNMENT, "dev-ü", 0, new Assignment("dev-ü", 9, a.tasks())),
        new Case(Topics.ASSIGNMENT, "dev-empty", 0, new Assignment("dev-empty", 1, java.util.List.of())),
        new Case(Topics.COMMANDS, "dev-c", 12, DeviceCommand.of("dev-c", DeviceCommand.RESTART, null, "t-1")));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void writesTheEnvelopeATreeOfTheSameHeaderAndBodyDescribes(Case c) throws Exception {
    byte[] payload = SIGNER.sign(c.type(), c.device(), 1_700_000_000_000L, 7, c.seq(), c.body());

    String text = new String(payload, StandardCharsets.UTF_8);
    JsonNode got = MAPPER.readTree(text);
    ObjectNode want = MAPPER.createObjectNode();
    want.put("v", Envelope.VERSION).put("type", c.type()).put("deviceId", c.device())
        .put("ts", 1_700_000_000_000L).put(SignedEnvelope.KID, SIGNER.kid())
        .put(SignedEnvelope.EPOCH, 7L).put(SignedEnvelope.SEQ, c.seq())
        .set("body", MAPPER.valueToTree(c.body()));
    // The signature trailer is the one field the tree does not have.
    assertTrue(((ObjectNode) got).remove("sig").isTextual(), text);
    // Compared as parsed text: a tree's numbers keep the Java type they were put with.
    assertEquals(MAPPER.readTree(MAPPER.writeValueAsString(want)), got);
  }
}
