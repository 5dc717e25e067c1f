package dev.backroom.config.constraint;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backroom.config.model.DeviceAttributes;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ConstraintParserTest {

  private static final Map<String, String> ARM = Map.of(
      DeviceAttributes.CPU_ARCHITECTURE, "arm64",
      DeviceAttributes.OS_TYPE, "linux",
      DeviceAttributes.GPU_COUNT, "2",
      "zone", "front",
      "store", "store 12");
  private static final Map<String, String> X86 = Map.of(
      DeviceAttributes.CPU_ARCHITECTURE, "x86_64",
      DeviceAttributes.OS_TYPE, "linux",
      DeviceAttributes.GPU_COUNT, "0",
      "zone", "back");
  private static final Map<String, String> BARE = Map.of();

  // ---- evaluation ---------------------------------------------------------------------------

  record EvalCase(String expression, Map<String, String> attributes, boolean expected) {
    @Override
    public String toString() {
      return expression + " on " + (attributes == ARM ? "arm" : attributes == X86 ? "x86" : "bare")
          + " is " + expected;
    }
  }

  static Stream<EvalCase> evalCases() {
    return Stream.of(
        new EvalCase("attribute:ecs.cpu-architecture == arm64", ARM, true),
        new EvalCase("attribute:ecs.cpu-architecture == arm64", X86, false),
        new EvalCase("attribute:ecs.cpu-architecture == arm64", BARE, false),
        new EvalCase("attribute:ecs.cpu-architecture==arm64", ARM, true),
        new EvalCase("attribute:ecs.cpu-architecture != arm64", ARM, false),
        new EvalCase("attribute:ecs.cpu-architecture != arm64", X86, true),
        new EvalCase("attribute:ecs.cpu-architecture != arm64", BARE, true),
        new EvalCase("attribute:ecs.cpu-architecture in [arm64, x86_64]", X86, true),
        new EvalCase("attribute:ecs.cpu-architecture in [arm64]", X86, false),
        new EvalCase("attribute:ecs.cpu-architecture in [arm64]", BARE, false),
        new EvalCase("attribute:zone not_in [back, cellar]", ARM, true),
        new EvalCase("attribute:zone not_in [back, cellar]", X86, false),
        new EvalCase("attribute:zone not_in [back]", BARE, true),
        new EvalCase("attribute:zone exists", ARM, true),
        new EvalCase("attribute:zone exists", BARE, false),
        new EvalCase("attribute:zone !exists", BARE, true),
        new EvalCase("attribute:zone !exists", ARM, false),
        new EvalCase("attribute:backroom.gpu-count >= 2", ARM, true),
        new EvalCase("attribute:backroom.gpu-count >= 2", X86, false),
        new EvalCase("attribute:backroom.gpu-count > 2", ARM, false),
        new EvalCase("attribute:backroom.gpu-count > 1.5", ARM, true),
        new EvalCase("attribute:backroom.gpu-count <= 0", X86, true),
        new EvalCase("attribute:backroom.gpu-count < 1", ARM, false),
        new EvalCase("attribute:backroom.gpu-count >= -1", BARE, false),
        new EvalCase("attribute:zone > 1", ARM, false),
        new EvalCase("attribute:ecs.cpu-architecture =~ arm.*", ARM, true),
        new EvalCase("attribute:ecs.cpu-architecture =~ arm.*", X86, false),
        new EvalCase("attribute:ecs.cpu-architecture =~ '(arm|aarch)64'", ARM, true),
        new EvalCase("attribute:ecs.cpu-architecture !~ arm.*", ARM, false),
        new EvalCase("attribute:ecs.cpu-architecture !~ arm.*", BARE, true),
        new EvalCase("attribute:zone == 'front'", ARM, true),
        new EvalCase("attribute:store == \"store 12\"", ARM, true),
        new EvalCase("attribute:store in ['store 12', \"store 13\"]", ARM, true),
        new EvalCase("attribute:zone == front and attribute:backroom.gpu-count >= 1", ARM, true),
        new EvalCase("attribute:zone == front and attribute:backroom.gpu-count >= 1", X86, false),
        new EvalCase("attribute:zone == front AND attribute:zone exists", ARM, true),
        new EvalCase("attribute:zone == cellar or attribute:zone == back", X86, true),
        new EvalCase("attribute:zone == cellar or attribute:zone == back", ARM, false),
        new EvalCase("not attribute:zone == back", ARM, true),
        new EvalCase("not attribute:zone == back", X86, false),
        new EvalCase("not not attribute:zone exists", ARM, true),
        // "and" binds tighter than "or": true or (false and false)
        new EvalCase("attribute:zone == front or attribute:zone == back and attribute:zone == x",
            ARM, true),
        new EvalCase("(attribute:zone == front or attribute:zone == back) and attribute:zone == x",
            ARM, false),
        new EvalCase("not (attribute:zone == front or attribute:zone == back)", BARE, true),
        new EvalCase("((attribute:zone exists))", ARM, true));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("evalCases")
  void parseThenTest_matchesEcsSemantics(EvalCase c) {
    assertEquals(c.expected(), ConstraintParser.parse(c.expression()).test(c.attributes()));
  }

  // ---- syntax errors ------------------------------------------------------------------------

  record ErrorCase(String expression, String reasonFragment) {
    @Override
    public String toString() {
      return expression == null ? "null" : "\"" + expression + "\"";
    }
  }

  static Stream<ErrorCase> errorCases() {
    return Stream.of(
        new ErrorCase(null, "expression is empty"),
        new ErrorCase("", "expression is empty"),
        new ErrorCase("   ", "expression is empty"),
        new ErrorCase("attribute:zone", "expected an operator after attribute:zone"),
        new ErrorCase("attribute:zone front", "unknown operator 'front'"),
        new ErrorCase("attribute:zone <> front", "unknown operator '<>'"),
        new ErrorCase("attribute:zone ==", "expected a value after =="),
        new ErrorCase("attribute:backroom.gpu-count >= many", ">= needs a number but found 'many'"),
        new ErrorCase("attribute:backroom.gpu-count < '1x'", "< needs a number"),
        new ErrorCase("attribute:zone in [a, b", "expected , or ] in list"),
        new ErrorCase("attribute:zone in [a b]", "expected , or ] in list"),
        new ErrorCase("attribute:zone in [a,", "expected a value or ]"),
        new ErrorCase("attribute:zone in []", "list is empty"),
        new ErrorCase("attribute:zone in a", "expected '[' but found 'a'"),
        new ErrorCase("attribute:zone == 'front", "unterminated quote"),
        new ErrorCase("attribute:zone in [\"a, b]", "unterminated quote"),
        new ErrorCase("attribute:zone == front extra", "unexpected 'extra'"),
        new ErrorCase("attribute:zone == front )", "unexpected ')'"),
        new ErrorCase("(attribute:zone exists", "expected ')' at end"),
        new ErrorCase("zone == front", "expected attribute:NAME but found 'zone'"),
        new ErrorCase("attribute: == front", "expected attribute:NAME but found 'attribute:'"),
        new ErrorCase("attribute:zone =~ '['", "invalid pattern '['"),
        new ErrorCase("attribute:zone exists and", "expected an attribute"),
        new ErrorCase("not", "expected an attribute"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("errorCases")
  void parse_rejectsMalformedExpressionWithPlainReason(ErrorCase c) {
    ConstraintSyntaxException e =
        assertThrows(ConstraintSyntaxException.class, () -> ConstraintParser.parse(c.expression()));
    assertTrue(e.getMessage().contains(c.reasonFragment()),
        () -> "reason '" + e.getMessage() + "' lacks '" + c.reasonFragment() + "'");
  }

  // ---- property: well-formed expressions ----------------------------------------------------

  private static final List<String> NAMES =
      List.of("zone", "n", DeviceAttributes.CPU_ARCHITECTURE, DeviceAttributes.GPU_COUNT);
  private static final List<String> WORDS = List.of("front", "arm64", "x86_64", "1", "store 12", "");
  private static final List<String> NUMBERS = List.of("0", "1", "2.5", "-3", "1e3");
  private static final List<String> REGEXES = List.of("arm.*", "[a-z]+", "(x|y)?\\d*", ".*");

  /** A generated expression: its text and the tree the parser must build from it. */
  record Generated(String text, ConstraintExpression expected, int precedence) {}

  /** Renders a random tree with the fewest parentheses that keep its shape, plus random extras. */
  static final class Generator {
    private final Random r;

    Generator(long seed) {
      r = new Random(seed);
    }

    Generated expression(int depth) {
      int pick = depth <= 0 ? 3 : r.nextInt(4);
      return switch (pick) {
        case 0 -> {
          Generated left = expression(depth - 1);
          Generated right = expression(depth - 1);
          yield new Generated(at(left, 1) + " " + keyword("or") + " " + at(right, 2),
              new ConstraintExpression.Or(left.expected(), right.expected()), 1);
        }
        case 1 -> {
          Generated left = expression(depth - 1);
          Generated right = expression(depth - 1);
          yield new Generated(at(left, 2) + " " + keyword("and") + " " + at(right, 3),
              new ConstraintExpression.And(left.expected(), right.expected()), 2);
        }
        case 2 -> {
          Generated inner = expression(depth - 1);
          yield new Generated(keyword("not") + " " + at(inner, 3),
              new ConstraintExpression.Not(inner.expected()), 3);
        }
        default -> term();
      };
    }

    private String at(Generated g, int needed) {
      return g.precedence() < needed || r.nextInt(8) == 0
          ? "(" + sp() + g.text() + sp() + ")" : g.text();
    }

    private Generated term() {
      String name = pick(NAMES);
      String subject = "attribute:" + name;
      ConstraintExpression e;
      String text;
      switch (r.nextInt(5)) {
        case 0 -> {
          boolean expected = r.nextBoolean();
          text = subject + " " + (expected ? "exists" : "!exists");
          e = new ConstraintExpression.Exists(name, expected);
        }
        case 1 -> {
          boolean expected = r.nextBoolean();
          List<String> values = IntStream.range(0, 1 + r.nextInt(3)).mapToObj(i -> pick(WORDS)).toList();
          StringBuilder sb = new StringBuilder(subject + " " + (expected ? "in" : "not_in") + sp() + "[");
          for (int i = 0; i < values.size(); i++) {
            sb.append(i == 0 ? sp() : sp() + "," + sp()).append(quote(values.get(i), true));
          }
          text = sb.append(sp()).append("]").toString();
          e = new ConstraintExpression.In(name, values, expected);
        }
        case 2 -> {
          String op = r.nextBoolean() ? "==" : "!=";
          String value = pick(WORDS);
          text = subject + sp() + op + sp() + quote(value, false);
          e = new ConstraintExpression.Compare(name, op, value, null);
        }
        case 3 -> {
          String op = pick(List.of(">", ">=", "<", "<="));
          String value = pick(NUMBERS);
          text = subject + sp() + op + sp() + quote(value, false);
          e = new ConstraintExpression.Compare(name, op, value, null);
        }
        default -> {
          String op = r.nextBoolean() ? "=~" : "!~";
          String value = pick(REGEXES);
          text = subject + sp() + op + sp() + quote(value, true);
          e = new ConstraintExpression.Compare(name, op, value, Pattern.compile(value));
        }
      }
      return new Generated(text, e, 4);
    }

    /** Quotes when needed (spaces, empty, brackets) and sometimes when not. */
    private String quote(String v, boolean mustForSymbols) {
      boolean must = v.isEmpty() || v.contains(" ") || (mustForSymbols && !v.matches("[\\w.*]+"));
      if (must || r.nextInt(3) == 0) {
        char q = r.nextBoolean() ? '\'' : '"';
        return q + v + q;
      }
      return v;
    }

    private String keyword(String k) {
      return r.nextInt(4) == 0 ? k.toUpperCase() : k;
    }

    private String sp() {
      return r.nextBoolean() ? "" : " ".repeat(1 + r.nextInt(2));
    }

    private <T> T pick(List<T> from) {
      return from.get(r.nextInt(from.size()));
    }

    Map<String, String> attributes() {
      Map<String, String> m = new HashMap<>();
      for (String n : NAMES) {
        if (r.nextBoolean()) {
          m.put(n, r.nextBoolean() ? pick(NUMBERS) : pick(WORDS));
        }
      }
      return m;
    }
  }

  static IntStream seeds() {
    return IntStream.range(0, 300);
  }

  /**
   * Verifies that any well-formed expression parses to the tree it was written from, parses
   * the same way twice, and never throws when evaluated, whatever the attributes hold.
   */
  @ParameterizedTest
  @MethodSource("seeds")
  void wellFormedExpression_parsesDeterministicallyAndNeverThrowsOnTest(int seed) {
    Generator g = new Generator(seed);
    Generated gen = g.expression(1 + seed % 4);

    ConstraintExpression first = assertDoesNotThrow(() -> ConstraintParser.parse(gen.text()),
        gen::text);
    ConstraintExpression second = ConstraintParser.parse(gen.text());

    // Pattern has no value equality, so the trees are compared through their record text.
    assertEquals(gen.expected().toString(), first.toString(), gen.text());
    assertEquals(first.toString(), second.toString(), gen.text());
    for (int i = 0; i < 20; i++) {
      Map<String, String> attrs = g.attributes();
      boolean a = assertDoesNotThrow(() -> first.test(attrs), gen::text);
      assertEquals(a, second.test(attrs), gen.text() + " on " + attrs);
      assertEquals(gen.expected().test(attrs), a, gen.text() + " on " + attrs);
    }
  }
}
