package dev.backroom.compose.interpolate;

import java.util.function.Function;

/**
 * Compose's interpolation of {@code $VAR} and {@code ${VAR}} in a value, with
 * {@code ${VAR:-default}} (unset or empty), {@code ${VAR-default}} (unset),
 * {@code ${VAR:?err}}/{@code ${VAR?err}} (refused when unset or empty / unset),
 * {@code ${VAR:+alt}}/{@code ${VAR+alt}} (alt when set and non-empty / set), nesting inside the
 * default ({@code ${A:-${B}}}) and {@code $$} for a literal {@code $}. An unset variable without
 * a modifier becomes the empty string, as in Compose (which only warns). A {@code $} followed
 * by anything else is refused, as Compose does, rather than guessed at.
 */
public final class Interpolation {
  private final Function<String, String> lookup;

  /** {@code lookup} returns a variable's value, or null when it is unset. */
  public Interpolation(Function<String, String> lookup) {
    this.lookup = lookup;
  }

  public String apply(String text) throws InterpolationException {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c != '$') {
        out.append(c);
        i++;
        continue;
      }
      char next = i + 1 < text.length() ? text.charAt(i + 1) : 0;
      if (next == '$') {
        out.append('$');
        i += 2;
      } else if (next == '{') {
        int end = closingBrace(text, i + 2);
        out.append(braced(text.substring(i + 2, end), text));
        i = end + 1;
      } else if (isNameStart(next)) {
        int end = nameEnd(text, i + 1);
        out.append(valueOrEmpty(text.substring(i + 1, end)));
        i = end;
      } else {
        throw new InterpolationException("invalid interpolation in \"" + text + "\": a '$' must"
            + " start $VAR or ${VAR}; write $$ for a literal $");
      }
    }
    return out.toString();
  }

  private String braced(String inner, String text) throws InterpolationException {
    int end = nameEnd(inner, 0);
    if (end == 0) {
      throw new InterpolationException("invalid interpolation in \"" + text + "\": ${"
          + inner + "} does not start with a variable name");
    }
    String name = inner.substring(0, end);
    String rest = inner.substring(end);
    String value = lookup.apply(name);
    if (rest.isEmpty()) {
      return value == null ? "" : value;
    }
    boolean colon = rest.startsWith(":");
    int opAt = colon ? 1 : 0;
    String op = rest.length() > opAt ? rest.substring(opAt, opAt + 1) : "";
    String arg = rest.length() > opAt ? rest.substring(opAt + 1) : "";
    boolean missing = value == null || (colon && value.isEmpty());
    switch (op) {
      case "-":
        return missing ? apply(arg) : value;
      case "+":
        return missing ? "" : apply(arg);
      case "?":
        if (missing) {
          String err = apply(arg);
          throw new InterpolationException("required variable " + name + " is missing a value"
              + (err.isEmpty() ? "" : ": " + err));
        }
        return value;
      default:
        throw new InterpolationException("invalid interpolation in \"" + text + "\": ${" + inner
            + "} uses no modifier Compose knows (:-, -, :?, ?, :+, +)");
    }
  }

  private String valueOrEmpty(String name) {
    String v = lookup.apply(name);
    return v == null ? "" : v;
  }

  /** The index of the '}' closing a {@code ${} opened before {@code from}, nesting counted. */
  private static int closingBrace(String text, int from) throws InterpolationException {
    int depth = 1;
    for (int j = from; j < text.length(); j++) {
      char c = text.charAt(j);
      if (c == '$' && j + 1 < text.length() && text.charAt(j + 1) == '{') {
        depth++;
        j++;
      } else if (c == '}' && --depth == 0) {
        return j;
      }
    }
    throw new InterpolationException("invalid interpolation in \"" + text + "\": ${ is not"
        + " closed by }");
  }

  private static int nameEnd(String s, int from) {
    if (from >= s.length() || !isNameStart(s.charAt(from))) {
      return from;
    }
    int j = from + 1;
    while (j < s.length() && (isNameStart(s.charAt(j)) || Character.isDigit(s.charAt(j)))) {
      j++;
    }
    return j;
  }

  private static boolean isNameStart(char c) {
    return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }
}
