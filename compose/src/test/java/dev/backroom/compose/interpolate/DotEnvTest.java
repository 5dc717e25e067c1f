package dev.backroom.compose.interpolate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Compose's env file syntax, row by row from its documentation. */
class DotEnvTest {
  private static final Map<String, String> ENV = Map.of("OTHER", "other", "FROM_SHELL", "sh");

  record Case(String line, Map<String, String> expected) {}

  record Bad(String content, String messagePart) {}

  static Stream<Case> cases() {
    return Stream.of(
        new Case("VAR=VAL", Map.of("VAR", "VAL")),
        new Case("VAR=\"VAL\"", Map.of("VAR", "VAL")),
        new Case("VAR='VAL'", Map.of("VAR", "VAL")),
        new Case("VAR: VAL", Map.of("VAR", "VAL")),
        new Case("VAR = VAL  ", Map.of("VAR", "VAL")),
        new Case("export VAR=VAL", Map.of("VAR", "VAL")),
        new Case("VAR=VAL # comment", Map.of("VAR", "VAL")),
        new Case("VAR=VAL# not a comment", Map.of("VAR", "VAL# not a comment")),
        new Case("VAR=\"VAL # not a comment\"", Map.of("VAR", "VAL # not a comment")),
        new Case("VAR=\"VAL\" # comment", Map.of("VAR", "VAL")),
        new Case("VAR='$OTHER'", Map.of("VAR", "$OTHER")),
        new Case("VAR='${OTHER}'", Map.of("VAR", "${OTHER}")),
        new Case("VAR=$OTHER", Map.of("VAR", "other")),
        new Case("VAR=\"${OTHER}-x\"", Map.of("VAR", "other-x")),
        new Case("VAR='Let\\'s go!'", Map.of("VAR", "Let's go!")),
        new Case("VAR=\"{\\\"hello\\\": \\\"json\\\"}\"", Map.of("VAR", "{\"hello\": \"json\"}")),
        new Case("VAR=\"some\\tvalue\"", Map.of("VAR", "some\tvalue")),
        new Case("VAR='some\\tvalue'", Map.of("VAR", "some\\tvalue")),
        new Case("VAR=some\\tvalue", Map.of("VAR", "some\\tvalue")),
        new Case("VAR=\"a\\nb\"", Map.of("VAR", "a\nb")),
        new Case("VAR=\"line1\nline2\"", Map.of("VAR", "line1\nline2")),
        new Case("VAR=", Map.of("VAR", "")),
        new Case("FROM_SHELL", Map.of("FROM_SHELL", "sh")),
        new Case("NOT_IN_SHELL", Map.of()),
        new Case("# comment\n\n  \nA=1\nB=${A}2", Map.of("A", "1", "B", "12")),
        new Case("OTHER=file\nV=$OTHER", Map.of("OTHER", "file", "V", "file")),
        new Case("A=1\r\nB=2\r\n", Map.of("A", "1", "B", "2")),
        new Case("VAR=$$x", Map.of("VAR", "$x")));
  }

  static Stream<Bad> refused() {
    return Stream.of(
        new Bad("A=1\nVAR=\"open", "line 2: the \" quote of VAR is not closed"),
        new Bad("VAR='x' trailing", "unexpected 'trailing'"),
        new Bad("1VAR=x", "line 1: '1VAR' is not a variable name"),
        new Bad("VAR=${MISSING:?needed}", "required variable MISSING"));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void parses(Case c) throws InterpolationException {
    assertEquals(c.expected(), DotEnv.parse(c.line(), ENV::get), c.line());
  }

  @ParameterizedTest
  @MethodSource("refused")
  void refuses(Bad b) {
    InterpolationException e = assertThrows(InterpolationException.class,
        () -> DotEnv.parse(b.content(), ENV::get));
    assertTrue(e.getMessage().contains(b.messagePart()), e.getMessage());
  }
}
