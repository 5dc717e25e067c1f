package dev.backroom.config.constraint;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Parses ECS cluster query expressions such as
 * {@code attribute:ecs.cpu-architecture == arm64 and attribute:zone in [front, back]}.
 *
 * <p>Grammar: {@code or := and ("or" and)*; and := unary ("and" unary)*;
 * unary := "not" unary | "(" or ")" | term}; a term is {@code attribute:NAME} followed by
 * {@code == != > >= < <= =~ !~ VALUE}, {@code in [..]}, {@code not_in [..]}, {@code exists} or
 * {@code !exists}. Values may be quoted with single or double quotes.
 *
 * <p>Expressions come from API callers, so the parser is bounded: at most {@link #MAX_LENGTH}
 * characters, {@link #MAX_DEPTH} levels of parentheses and {@code not}, and patterns of at most
 * {@link #MAX_PATTERN} characters, each matched within a step budget
 * ({@link ConstraintExpression.Compare}). Anything beyond is a {@link ConstraintSyntaxException},
 * never a stack overflow.
 */
public final class ConstraintParser {
  /** Far above any real constraint (ECS caps a whole expression at 2,000 characters). */
  public static final int MAX_LENGTH = 4096;
  /** Nested parentheses and {@code not}s; the recursive descent uses a few frames per level. */
  public static final int MAX_DEPTH = 32;
  /** A {@code =~}/{@code !~} pattern's length. */
  public static final int MAX_PATTERN = 256;
  private static final String ATTRIBUTE = "attribute:";
  private static final List<String> COMPARATORS =
      List.of("==", "!=", ">=", "<=", ">", "<", "=~", "!~");

  private final List<String> tokens;
  private int pos;
  private int depth;

  private ConstraintParser(List<String> tokens) {
    this.tokens = tokens;
  }

  /** Parses {@code text}; throws {@link ConstraintSyntaxException} with a plain reason. */
  public static ConstraintExpression parse(String text) {
    if (text == null || text.isBlank()) {
      throw new ConstraintSyntaxException("expression is empty");
    }
    if (text.length() > MAX_LENGTH) {
      throw new ConstraintSyntaxException("expression is " + text.length()
          + " characters long; at most " + MAX_LENGTH + " are allowed");
    }
    ConstraintParser p = new ConstraintParser(tokenize(text));
    ConstraintExpression e = p.parseOr();
    if (p.pos < p.tokens.size()) {
      throw new ConstraintSyntaxException("unexpected '" + p.tokens.get(p.pos) + "'");
    }
    return e;
  }

  private ConstraintExpression parseOr() {
    ConstraintExpression left = parseAnd();
    while (peekWord("or")) {
      pos++;
      left = new ConstraintExpression.Or(left, parseAnd());
    }
    return left;
  }

  private ConstraintExpression parseAnd() {
    ConstraintExpression left = parseUnary();
    while (peekWord("and")) {
      pos++;
      left = new ConstraintExpression.And(left, parseUnary());
    }
    return left;
  }

  private ConstraintExpression parseUnary() {
    if (peekWord("not") || peek("(")) {
      if (++depth > MAX_DEPTH) {
        throw new ConstraintSyntaxException("nested more than " + MAX_DEPTH
            + " levels deep (parentheses and not)");
      }
      ConstraintExpression e;
      if (peekWord("not")) {
        pos++;
        e = new ConstraintExpression.Not(parseUnary());
      } else {
        pos++;
        e = parseOr();
        expect(")");
      }
      depth--;
      return e;
    }
    return parseTerm();
  }

  private ConstraintExpression parseTerm() {
    String subject = next("an attribute such as attribute:ecs.cpu-architecture");
    if (!subject.startsWith(ATTRIBUTE) || subject.length() == ATTRIBUTE.length()) {
      throw new ConstraintSyntaxException(
          "expected attribute:NAME but found '" + subject + "'");
    }
    String name = subject.substring(ATTRIBUTE.length());
    String op = next("an operator after " + subject);
    switch (op) {
      case "exists":
        return new ConstraintExpression.Exists(name, true);
      case "!exists":
        return new ConstraintExpression.Exists(name, false);
      case "in":
        return new ConstraintExpression.In(name, parseList(), true);
      case "not_in":
        return new ConstraintExpression.In(name, parseList(), false);
      default:
        break;
    }
    if (!COMPARATORS.contains(op)) {
      throw new ConstraintSyntaxException("unknown operator '" + op + "'");
    }
    String value = unquote(next("a value after " + op));
    Pattern regex = null;
    if (op.equals("=~") || op.equals("!~")) {
      if (value.length() > MAX_PATTERN) {
        throw new ConstraintSyntaxException("pattern is " + value.length()
            + " characters long; at most " + MAX_PATTERN + " are allowed");
      }
      try {
        regex = Pattern.compile(value);
      } catch (PatternSyntaxException e) {
        throw new ConstraintSyntaxException("invalid pattern '" + value + "'");
      } catch (StackOverflowError e) {
        // java.util.regex compiles nested groups recursively; the length bound keeps this rare
        throw new ConstraintSyntaxException("pattern is nested too deeply");
      }
    } else if (op.startsWith(">") || op.startsWith("<")) {
      try {
        Double.parseDouble(value);
      } catch (NumberFormatException e) {
        throw new ConstraintSyntaxException(op + " needs a number but found '" + value + "'");
      }
    }
    return new ConstraintExpression.Compare(name, op, value, regex);
  }

  private List<String> parseList() {
    expect("[");
    List<String> values = new ArrayList<>();
    while (!peek("]")) {
      values.add(unquote(next("a value or ]")));
      if (peek(",")) {
        pos++;
      } else if (!peek("]")) {
        throw new ConstraintSyntaxException("expected , or ] in list");
      }
    }
    pos++;
    if (values.isEmpty()) {
      throw new ConstraintSyntaxException("list is empty");
    }
    return List.copyOf(values);
  }

  private boolean peek(String token) {
    return pos < tokens.size() && tokens.get(pos).equals(token);
  }

  private boolean peekWord(String word) {
    return pos < tokens.size() && tokens.get(pos).equalsIgnoreCase(word);
  }

  private void expect(String token) {
    if (!peek(token)) {
      throw new ConstraintSyntaxException("expected '" + token + "'"
          + (pos < tokens.size() ? " but found '" + tokens.get(pos) + "'" : " at end"));
    }
    pos++;
  }

  private String next(String what) {
    if (pos >= tokens.size()) {
      throw new ConstraintSyntaxException("expected " + what + " at end of expression");
    }
    return tokens.get(pos++);
  }

  private static String unquote(String s) {
    if (s.length() >= 2 && (s.charAt(0) == '"' || s.charAt(0) == '\'')
        && s.charAt(s.length() - 1) == s.charAt(0)) {
      return s.substring(1, s.length() - 1);
    }
    return s;
  }

  static List<String> tokenize(String text) {
    List<String> out = new ArrayList<>();
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if ("()[],".indexOf(c) >= 0) {
        out.add(String.valueOf(c));
        i++;
      } else if (c == '"' || c == '\'') {
        int end = text.indexOf(c, i + 1);
        if (end < 0) {
          throw new ConstraintSyntaxException("unterminated quote");
        }
        out.add(text.substring(i, end + 1));
        i = end + 1;
      } else if ("=!<>~".indexOf(c) >= 0 && !text.startsWith("!exists", i)) {
        int j = i;
        while (j < text.length() && "=!<>~".indexOf(text.charAt(j)) >= 0) {
          j++;
        }
        out.add(text.substring(i, j));
        i = j;
      } else {
        int j = i;
        while (j < text.length() && !Character.isWhitespace(text.charAt(j))
            && "()[],=<>~\"'".indexOf(text.charAt(j)) < 0
            && !(text.charAt(j) == '!' && j > i)) {
          j++;
        }
        out.add(text.substring(i, j));
        i = j;
      }
    }
    return out;
  }
}
