package dev.backroom.ecs.shapes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backroom.ecs.wire.EcsError;
import dev.backroom.ecs.wire.EcsJson;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class TagsTest {

  record Refused(String tags, String shape, String message) {}

  static Stream<Refused> refused() {
    return Stream.of(
        new Refused("{}", "SerializationException", "tags: expected a list of {key, value}"),
        new Refused("[1]", "SerializationException", "tags[0]: expected an object {key, value}"),
        new Refused("[{\"key\":\"a\",\"val\":\"b\"}]", "InvalidParameterException",
            "Unknown parameter in tags[0]: \"val\", must be one of: key, value"),
        new Refused("[{\"value\":\"b\"}]", "InvalidParameterException", "tags[0].key is required"),
        new Refused("[{\"key\":7}]", "SerializationException", "tags[0].key: expected a string"),
        new Refused("[{\"key\":\"\"}]", "InvalidParameterException",
            "tags[0].key: 1 to 128 letters, digits, spaces and _ . : / = + - @, got: "),
        new Refused("[{\"key\":\"a\"},{\"key\":\"AWS:x\"}]", "InvalidParameterException",
            "tags[1].key: the aws: prefix is reserved"),
        new Refused("[{\"key\":\"a\",\"value\":\"b;c\"}]", "InvalidParameterException",
            "tags[0].value: up to 256 letters, digits, spaces and _ . : / = + - @"),
        new Refused("[{\"key\":\"a\",\"value\":\"" + "v".repeat(257) + "\"}]",
            "InvalidParameterException",
            "tags[0].value: up to 256 letters, digits, spaces and _ . : / = + - @"));
  }

  @ParameterizedTest
  @MethodSource("refused")
  void read_refusesWithPathAndReason(Refused c) throws Exception {
    JsonNode tags = EcsJson.mapper().readTree(c.tags());
    EcsError e = assertThrows(EcsError.class, () -> Tags.read(tags));
    assertEquals(c.shape(), e.shape());
    assertEquals(c.message(), e.getMessage());
  }

  @ParameterizedTest
  @MethodSource("accepted")
  void read_acceptsAndKeepsOrder_json_writesThemBack(String tags, Map<String, String> expected,
      String json) throws Exception {
    Map<String, String> read = Tags.read(tags == null ? null : EcsJson.mapper().readTree(tags));
    assertEquals(expected, read);
    assertEquals(json, Tags.json(read).toString());
  }

  static Stream<Object[]> accepted() {
    Map<String, String> two = new LinkedHashMap<>();
    two.put("team", "edge ops");
    two.put("cost:center", "");
    return Stream.of(
        new Object[] {null, Map.of(), "[]"},
        new Object[] {"null", Map.of(), "[]"},
        new Object[] {"[{\"key\":\"team\",\"value\":\"edge ops\"},{\"key\":\"cost:center\"}]",
            two, "[{\"key\":\"team\",\"value\":\"edge ops\"},{\"key\":\"cost:center\","
                + "\"value\":\"\"}]"});
  }
}
