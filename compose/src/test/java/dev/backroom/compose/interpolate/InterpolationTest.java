package dev.backroom.compose.interpolate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Compose's interpolation rules, one row each (the Compose Specification's examples). */
class InterpolationTest {
  private static final Map<String, String> ENV = Map.of("SET", "value", "EMPTY", "",
      "TAG", "1.2", "B", "bee");

  record Case(String template, String expected) {}

  record Bad(String template, String messagePart) {}

  static Stream<Case> cases() {
    return Stream.of(
        new Case("plain", "plain"),
        new Case("$SET", "value"),
        new Case("${SET}", "value"),
        new Case("img:${TAG}-x", "img:1.2-x"),
        new Case("$SET/$TAG", "value/1.2"),
        new Case("${UNSET}", ""),
        new Case("$UNSET", ""),
        new Case("${UNSET:-dflt}", "dflt"),
        new Case("${EMPTY:-dflt}", "dflt"),
        new Case("${EMPTY-dflt}", ""),
        new Case("${UNSET-dflt}", "dflt"),
        new Case("${SET:-dflt}", "value"),
        new Case("${SET:+alt}", "alt"),
        new Case("${EMPTY:+alt}", ""),
        new Case("${EMPTY+alt}", "alt"),
        new Case("${UNSET+alt}", ""),
        new Case("${SET:?must be set}", "value"),
        new Case("${EMPTY?must be set}", ""),
        new Case("${UNSET:-${B}}", "bee"),
        new Case("${UNSET:-${UNSET2:-deep}}", "deep"),
        new Case("$$", "$"),
        new Case("$$SET", "$SET"),
        new Case("cost: $$5", "cost: $5"),
        new Case("${UNSET:-a b c}", "a b c"),
        new Case("${UNSET:-}", ""));
  }

  static Stream<Bad> refused() {
    return Stream.of(
        new Bad("${UNSET:?give UNSET}", "required variable UNSET is missing a value: give UNSET"),
        new Bad("${EMPTY:?}", "required variable EMPTY is missing a value"),
        new Bad("${UNSET?x}", "required variable UNSET"),
        new Bad("${SET", "not closed"),
        new Bad("${}", "does not start with a variable name"),
        new Bad("${1X}", "does not start with a variable name"),
        new Bad("${SET!x}", "no modifier"),
        new Bad("cost $ 5", "write $$ for a literal $"),
        new Bad("trailing $", "write $$ for a literal $"));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void interpolates(Case c) throws InterpolationException {
    assertEquals(c.expected(), new Interpolation(ENV::get).apply(c.template()), c.template());
  }

  @ParameterizedTest
  @MethodSource("refused")
  void refuses(Bad b) {
    InterpolationException e = assertThrows(InterpolationException.class,
        () -> new Interpolation(ENV::get).apply(b.template()));
    assertTrue(e.getMessage().contains(b.messagePart()), e.getMessage());
  }
}
