package dev.backroom.sync.desired;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backroom.sync.wire.SyncJson;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SpecDigestTest {
  record Case(String name, String a, String b, boolean same) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("key order does not matter", "{\"a\":1,\"b\":{\"x\":1,\"y\":2}}",
            "{\"b\":{\"y\":2,\"x\":1},\"a\":1}", true),
        new Case("null fields do not matter", "{\"a\":1,\"b\":null}", "{\"a\":1}", true),
        new Case("nested nulls do not matter", "{\"c\":[{\"n\":null,\"v\":1}]}", "{\"c\":[{\"v\":1}]}", true),
        new Case("array order matters", "{\"c\":[1,2]}", "{\"c\":[2,1]}", false),
        new Case("values matter", "{\"image\":\"web:1\"}", "{\"image\":\"web:2\"}", false),
        new Case("types matter", "{\"cpu\":1}", "{\"cpu\":\"1\"}", false));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void digest_isEqualExactlyForEquivalentSpecs(Case c) {
    String a = SpecDigest.of(node(c.a()));
    String b = SpecDigest.of(node(c.b()));
    if (c.same()) {
      assertEquals(a, b);
    } else {
      assertNotEquals(a, b);
    }
    assertEquals(64, a.length());
  }

  private static JsonNode node(String json) {
    return SyncJson.read(json.getBytes(StandardCharsets.UTF_8), JsonNode.class);
  }
}
