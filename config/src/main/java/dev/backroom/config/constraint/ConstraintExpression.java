package dev.backroom.config.constraint;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A parsed {@code memberOf} expression, evaluated against a device's attribute map. Pure and
 * thread-safe. Build one with {@link ConstraintParser#parse(String)}.
 */
public sealed interface ConstraintExpression {

  boolean test(Map<String, String> attributes);

  record And(ConstraintExpression left, ConstraintExpression right) implements ConstraintExpression {
    @Override
    public boolean test(Map<String, String> a) {
      return left.test(a) && right.test(a);
    }
  }

  record Or(ConstraintExpression left, ConstraintExpression right) implements ConstraintExpression {
    @Override
    public boolean test(Map<String, String> a) {
      return left.test(a) || right.test(a);
    }
  }

  record Not(ConstraintExpression inner) implements ConstraintExpression {
    @Override
    public boolean test(Map<String, String> a) {
      return !inner.test(a);
    }
  }

  /** {@code attribute:name exists} or, negated, {@code !exists}. */
  record Exists(String attribute, boolean expected) implements ConstraintExpression {
    @Override
    public boolean test(Map<String, String> a) {
      return a.containsKey(attribute) == expected;
    }
  }

  /** {@code attribute:name in [a, b]} or {@code not_in}. */
  record In(String attribute, List<String> values, boolean expected)
      implements ConstraintExpression {
    @Override
    public boolean test(Map<String, String> a) {
      String v = a.get(attribute);
      return (v != null && values.contains(v)) == expected;
    }
  }

  /**
   * A binary comparison; a missing attribute satisfies only {@code !=} and {@code !~}.
   *
   * <p>A pattern is matched within {@link #MATCH_BUDGET} character reads: a pattern that
   * backtracks catastrophically on some device's value (ReDoS) must not stall the scheduler.
   * A match that runs out of budget satisfies neither {@code =~} nor {@code !~}: the device is
   * not eligible, as when its attribute is unreadable.
   */
  record Compare(String attribute, String op, String value, Pattern regex)
      implements ConstraintExpression {
    /** Character reads per match: microseconds of work for any sane pattern and value. */
    public static final int MATCH_BUDGET = 200_000;

    @Override
    public boolean test(Map<String, String> a) {
      String v = a.get(attribute);
      if (v == null) {
        return op.equals("!=") || op.equals("!~");
      }
      return switch (op) {
        case "==" -> v.equals(value);
        case "!=" -> !v.equals(value);
        case "=~" -> matches(v) == Boolean.TRUE;
        case "!~" -> matches(v) == Boolean.FALSE;
        default -> compareNumbers(v);
      };
    }

    /** The match, or null when it ran out of budget. */
    private Boolean matches(String v) {
      try {
        return regex.matcher(new BudgetedChars(v, MATCH_BUDGET)).matches();
      } catch (BudgetedChars.Exhausted | StackOverflowError e) {
        return null;
      }
    }

    private boolean compareNumbers(String v) {
      double left;
      try {
        left = Double.parseDouble(v);
      } catch (NumberFormatException e) {
        return false;
      }
      double right = Double.parseDouble(value);
      return switch (op) {
        case ">" -> left > right;
        case ">=" -> left >= right;
        case "<" -> left < right;
        case "<=" -> left <= right;
        default -> false;
      };
    }
  }
}
