package dev.backroom.config.constraint;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Verifies that hostile expressions are refused or bounded, never a stack overflow or a hang. */
class ConstraintBoundsTest {
  private static final String TERM = "attribute:zone == a";

  record Refused(String name, String expression, String reason) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Refused> refused() {
    return Stream.of(
        new Refused("20,000 nested parentheses", "(".repeat(20_000) + TERM + ")".repeat(20_000),
            "expression is 40019 characters long; at most 4096 are allowed"),
        new Refused("20,000 unclosed parentheses", "(".repeat(20_000),
            "expression is 20000 characters long; at most 4096 are allowed"),
        new Refused("33 nested parentheses", "(".repeat(33) + TERM + ")".repeat(33),
            "nested more than 32 levels deep (parentheses and not)"),
        new Refused("33 nots", "not ".repeat(33) + TERM,
            "nested more than 32 levels deep (parentheses and not)"),
        new Refused("nots and parentheses mixed", "not (".repeat(17) + TERM + ")".repeat(17),
            "nested more than 32 levels deep (parentheses and not)"),
        new Refused("a long pattern", "attribute:zone =~ '" + "a".repeat(257) + "'",
            "pattern is 257 characters long; at most 256 are allowed"),
        new Refused("a long expression of many terms",
            (TERM + " and ").repeat(300) + TERM, null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refused")
  void hostileExpressions_areRefusedWithAReason(Refused c) {
    ConstraintSyntaxException e = assertThrows(ConstraintSyntaxException.class,
        () -> ConstraintParser.parse(c.expression()));
    if (c.reason() != null) {
      org.junit.jupiter.api.Assertions.assertEquals(c.reason(), e.getMessage());
    }
  }

  @Test
  void theLimits_themselvesAreAllowed() {
    String deep = "(".repeat(32) + TERM + ")".repeat(32);
    assertTrue(ConstraintParser.parse(deep).test(Map.of("zone", "a")));
    assertDoesNotThrow(() -> ConstraintParser.parse(
        "attribute:zone =~ '" + "a".repeat(256) + "'"));
  }

  /** Verifies that a catastrophically backtracking pattern gives up instead of hanging. */
  @Test
  void aReDoSPattern_runsOutOfBudget_andTheDeviceIsNotEligible() {
    ConstraintExpression match = ConstraintParser.parse("attribute:zone =~ '(.*a){12}'");
    ConstraintExpression noMatch = ConstraintParser.parse("attribute:zone !~ '(.*a){12}'");
    Map<String, String> evil = Map.of("zone", "a".repeat(28) + "!");
    assertTimeoutPreemptively(() -> {
      assertFalse(match.test(evil));
      assertFalse(noMatch.test(evil), "a spent budget satisfies neither =~ nor !~");
    });
    // ordinary values still match within the budget
    assertTrue(match.test(Map.of("zone", "a".repeat(12))));
    assertTrue(noMatch.test(Map.of("zone", "b")));
  }

  private static void assertTimeoutPreemptively(org.junit.jupiter.api.function.Executable e) {
    org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(5), e);
  }
}
