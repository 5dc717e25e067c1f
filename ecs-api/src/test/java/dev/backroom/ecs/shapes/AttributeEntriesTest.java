package dev.backroom.ecs.shapes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.backroom.ecs.wire.EcsError;
import dev.backroom.ecs.wire.EcsJson;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * PutAttributes' and DeleteAttributes' {@code attributes} as the hub and the cloud both read them:
 * each refusal with its shape, path and reason, and the entries that pass as read.
 */
class AttributeEntriesTest {
  private static final String ARN =
      "arn:aws:ecs:local:000000000000:container-instance/default/dev-1";

  /** {@code message} is the whole message, or its start when it ends with "...". */
  record Refused(String attributes, String shape, String message) {}

  static Stream<Refused> refused() {
    return Stream.of(
        new Refused(null, "InvalidParameterException",
            "Missing required parameter in input: \"attributes\""),
        new Refused("null", "InvalidParameterException",
            "Missing required parameter in input: \"attributes\""),
        new Refused("{}", "SerializationException",
            "attributes: expected a list of {name, value, targetType, targetId}"),
        new Refused("[]", "InvalidParameterException",
            "attributes: between 1 and 10 attributes a call, got 0"),
        new Refused(list(11, "{\"name\":\"zone\",\"targetId\":\"" + ARN + "\"}"),
            "InvalidParameterException", "attributes: between 1 and 10 attributes a call, got 11"),
        new Refused("[\"zone\"]", "SerializationException",
            "attributes[0]: expected an object {name, value, targetType, targetId}"),
        new Refused(one("\"name\":\"zone\",\"targetId\":\"" + ARN + "\",\"target\":\"x\""),
            "InvalidParameterException", "Unknown parameter in attributes[0]: \"target\", must"
                + " be one of: name, targetId, targetType, value"),
        new Refused(one("\"targetId\":\"" + ARN + "\""), "InvalidParameterException",
            "attributes[0].name is required"),
        new Refused(one("\"name\":7,\"targetId\":\"" + ARN + "\""), "SerializationException",
            "attributes[0].name: expected a string"),
        new Refused(one("\"name\":\"zone\",\"value\":true,\"targetId\":\"" + ARN + "\""),
            "SerializationException", "attributes[0].value: expected a string"),
        new Refused(one("\"name\":\"zone\""), "InvalidParameterException",
            "attributes[0].targetId is required: the container instance (device) the attribute"
                + " is on"),
        new Refused(one("\"name\":\"has space\",\"targetId\":\"" + ARN + "\""),
            "InvalidParameterException", "attributes[0].name: 1 to 128 letters..."),
        new Refused(one("\"name\":\"" + "z".repeat(129) + "\",\"targetId\":\"" + ARN + "\""),
            "InvalidParameterException", "attributes[0].name: 1 to 128 letters..."),
        new Refused(one("\"name\":\"\",\"targetId\":\"" + ARN + "\""),
            "InvalidParameterException", "attributes[0].name: 1 to 128 letters..."),
        new Refused(one("\"name\":\"ECS.Custom\",\"targetId\":\"" + ARN + "\""),
            "InvalidParameterException", "attributes[0].name: ECS.Custom is in the ecs."
                + " namespace..."),
        new Refused(one("\"name\":\"backroom.gpu-count\",\"targetId\":\"" + ARN + "\""),
            "InvalidParameterException", "attributes[0].name: backroom.gpu-count is in the"
                + " backroom. namespace..."),
        new Refused(one("\"name\":\"zone\",\"value\":\" front\",\"targetId\":\"" + ARN + "\""),
            "InvalidParameterException", "attributes[0].value: 1 to 128 letters..."),
        new Refused(one("\"name\":\"zone\",\"value\":\"\",\"targetId\":\"" + ARN + "\""),
            "InvalidParameterException", "attributes[0].value: 1 to 128 letters..."),
        new Refused(one("\"name\":\"zone\",\"value\":\"a,b\",\"targetId\":\"" + ARN + "\""),
            "InvalidParameterException", "attributes[0].value: 1 to 128 letters..."),
        new Refused(one("\"name\":\"zone\",\"value\":\"" + "v".repeat(129) + "\",\"targetId\":\""
            + ARN + "\""), "InvalidParameterException", "attributes[0].value: 1 to 128..."),
        new Refused(one("\"name\":\"zone\",\"targetType\":\"task\",\"targetId\":\"" + ARN
            + "\""), "InvalidParameterException",
            "attributes[0].targetType: the only target type is container-instance, got task"),
        new Refused(one("\"name\":\"zone\",\"targetId\":\"dev-1\""), "InvalidParameterException",
            "attributes[0].targetType is required when targetId is a short id rather than an"
                + " ARN"),
        // the second entry is read only after the first is resolved: the first refusal wins
        new Refused("[{\"name\":\"zone\",\"targetId\":\"arn:nowhere\"},{\"name\":\"\"}]",
            "TargetNotFoundException", "Could not find arn:nowhere"));
  }

  @ParameterizedTest
  @MethodSource("refused")
  void read_refusesWithShapePathAndReason(Refused c) throws Exception {
    JsonNode attributes = c.attributes() == null ? null : EcsJson.mapper().readTree(c.attributes());
    EcsError e = assertThrows(EcsError.class,
        () -> AttributeEntries.read(attributes, AttributeEntriesTest::resolve));
    assertEquals(c.shape(), e.shape(), e.getMessage());
    if (c.message().endsWith("...")) {
      String start = c.message().substring(0, c.message().length() - 3);
      assertTrue(e.getMessage().startsWith(start), e.getMessage());
    } else {
      assertEquals(c.message(), e.getMessage());
    }
  }

  record Accepted(String attributes, List<AttributeEntries.Entry> entries) {}

  static Stream<Accepted> accepted() {
    return Stream.of(
        new Accepted(one("\"name\":\"zone\",\"value\":\"front\",\"targetId\":\"" + ARN + "\""),
            List.of(new AttributeEntries.Entry("attributes[0]", "zone", "front", ARN))),
        new Accepted(one("\"name\":\"zone\",\"value\":null,\"targetType\":null,\"targetId\":\""
            + ARN + "\""), List.of(new AttributeEntries.Entry("attributes[0]", "zone", null, ARN))),
        new Accepted("[{\"name\":\"rack/shelf_2.a\\\\b-c\",\"value\":\"x@y:z with spaces\","
            + "\"targetType\":\"container-instance\",\"targetId\":\"dev-1\"},"
            + "{\"name\":\"" + "z".repeat(128) + "\",\"value\":\"" + "v".repeat(128) + "\","
            + "\"targetId\":\"" + ARN + "\"}]",
            List.of(new AttributeEntries.Entry("attributes[0]", "rack/shelf_2.a\\b-c",
                "x@y:z with spaces", "dev-1"),
                new AttributeEntries.Entry("attributes[1]", "z".repeat(128), "v".repeat(128),
                    ARN))),
        new Accepted(list(10, "{\"name\":\"zone\",\"targetId\":\"" + ARN + "\"}"),
            Stream.iterate(0, i -> i + 1).limit(10).map(i -> new AttributeEntries.Entry(
                "attributes[" + i + "]", "zone", null, ARN)).toList()));
  }

  @ParameterizedTest
  @MethodSource("accepted")
  void read_givesEveryEntryToTheResolverInOrder(Accepted c) throws Exception {
    List<AttributeEntries.Entry> seen = new ArrayList<>();
    List<String> resolved = AttributeEntries.read(EcsJson.mapper().readTree(c.attributes()),
        e -> {
          seen.add(e);
          return "device of " + e.path();
        });
    assertEquals(c.entries(), seen);
    assertEquals(seen.stream().map(e -> "device of " + e.path()).toList(), resolved);
  }

  @Test
  void add_writesAnEntryAsEcsAnswers_withoutAValueKeyWhenThereIsNone() {
    ArrayNode list = EcsJson.mapper().createArrayNode();
    AttributeEntries.add(list, "zone", "front", ARN);
    AttributeEntries.add(list, "gpu", null, ARN);
    assertEquals("[{\"name\":\"zone\",\"value\":\"front\",\"targetType\":\"container-instance\","
        + "\"targetId\":\"" + ARN + "\"},{\"name\":\"gpu\",\"targetType\":\"container-instance\","
        + "\"targetId\":\"" + ARN + "\"}]", list.toString());
  }

  /** Every ARN but {@code arn:nowhere} names a device. */
  private static String resolve(AttributeEntries.Entry e) {
    if (e.targetId().equals("arn:nowhere")) {
      throw EcsError.of("TargetNotFoundException", "Could not find " + e.targetId());
    }
    return e.targetId();
  }

  private static String one(String members) {
    return "[{" + members + "}]";
  }

  private static String list(int n, String entry) {
    return "[" + String.join(",", java.util.Collections.nCopies(n, entry)) + "]";
  }
}
