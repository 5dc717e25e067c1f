package dev.backroom.compose.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** YAML as Compose files use it: anchors, aliases, merge keys; duplicates and foreign tags refused. */
class YamlTreeTest {
  record Case(String name, String yaml, Object expected) {}

  record Bad(String name, String yaml, String messagePart) {}

  static Stream<Case> cases() {
    return Stream.of(
        new Case("scalars keep their YAML 1.2 types", "a: 1\nb: true\nc: 1.5\nd: ~\ne: '1'\nf: 8080:80",
            map("a", 1L, "b", true, "c", 1.5, "d", null, "e", "1", "f", "8080:80")),
        new Case("alias copies the anchored node", "x: &img nginx\ny: *img", map("x", "nginx", "y", "nginx")),
        new Case("merge key: explicit keys win",
            "base: &b {image: a, user: u}\nsvc:\n  <<: *b\n  image: b",
            map("base", map("image", "a", "user", "u"), "svc", map("image", "b", "user", "u"))),
        new Case("merge of a list: earlier maps win",
            "p: &p {a: 1}\nq: &q {a: 2, b: 2}\nr:\n  <<: [*p, *q]",
            map("p", map("a", 1L), "q", map("a", 2L, "b", 2L), "r", map("a", 1L, "b", 2L))),
        new Case("a quoted << is an ordinary key", "'<<': x", map("<<", "x")),
        new Case("lists", "l: [a, 1]", map("l", List.of("a", 1L))),
        new Case("hex and octal ints", "h: 0x1F\no: 0o17", map("h", 31L, "o", 15L)),
        new Case("a plain ${VAR:-x} stays a string for interpolation",
            "a: ${GREETING:-hello}\nb: ${X}", map("a", "${GREETING:-hello}", "b", "${X}")));
  }

  static Stream<Bad> refused() {
    return Stream.of(
        new Bad("duplicate key", "services:\n  web: {}\n  web: {}",
            "services.web (line 3): duplicate key 'web'"),
        new Bad("duplicate nested key", "a:\n  image: x\n  image: y", "a.image (line 3): duplicate key"),
        new Bad("unknown tag", "a: !reset []", "tag !reset is not supported"),
        new Bad("two documents", "a: 1\n---\nb: 2", "2 YAML documents"),
        new Bad("empty", "", "the file is empty"),
        new Bad("syntax", "a: [1, 2", "not valid YAML"),
        new Bad("merge of a scalar", "a:\n  <<: x", "a merge key takes a mapping"),
        new Bad("undefined alias", "a: *nope", "not valid YAML"),
        new Bad("null key", "? ~\n: x", "a mapping key may not be null"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void reads(Case c) throws YamlException {
    assertEquals(c.expected(), YamlTree.read(c.yaml()), c.name());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refused")
  void refuses(Bad b) {
    YamlException e = assertThrows(YamlException.class, () -> YamlTree.read(b.yaml()));
    assertTrue(e.getMessage().contains(b.messagePart()), e.getMessage());
  }

  private static Map<String, Object> map(Object... kv) {
    Map<String, Object> m = new java.util.LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }
}
