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

  /** A binary comparison; a missing attribute satisfies only {@code !=} and {@code !~}. */
  record Compare(String attribute, String op, String value, Pattern regex)
      implements ConstraintExpression {
    @Override
    public boolean test(Map<String, String> a) {
      String v = a.get(attribute);
      if (v == null) {
        return op.equals("!=") || op.equals("!~");
      }
      return switch (op) {
        case "==" -> v.equals(value);
        case "!=" -> !v.equals(value);
        case "=~" -> regex.matcher(v).matches();
        case "!~" -> !regex.matcher(v).matches();
        default -> compareNumbers(v);
      };
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
