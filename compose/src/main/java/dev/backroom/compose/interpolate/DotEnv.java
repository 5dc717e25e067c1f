package dev.backroom.compose.interpolate;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Compose's env file syntax ({@code env_file} and the project's {@code .env}), as its
 * documentation states it: {@code KEY=VALUE} or {@code KEY: VALUE} per line, optional
 * {@code export }, blank lines and {@code #} lines skipped, spaces around the value dropped; an
 * unquoted value ends at a {@code #} that follows a space; a quoted one at its closing quote
 * (after which only a comment may follow) and may span lines; single quotes are literal (only
 * {@code \'} is an escape), double quotes take {@code \n \r \t \\ \"}; unquoted and
 * double-quoted values are interpolated, earlier keys of the same file first, then
 * {@code lookup}. A line that is only a key takes the value from {@code lookup} and is left
 * out when that has none, as Compose does.
 */
public final class DotEnv {
  private static final Pattern KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");

  private DotEnv() {}

  /** The variables of {@code content}, in file order; the message names the line. */
  public static Map<String, String> parse(String content, Function<String, String> lookup)
      throws InterpolationException {
    Map<String, String> vars = new LinkedHashMap<>();
    Interpolation interpolation = new Interpolation(
        name -> vars.containsKey(name) ? vars.get(name) : lookup.apply(name));
    String text = content.replace("\r\n", "\n");
    int pos = 0;
    int line = 1;
    while (pos < text.length()) {
      int eol = text.indexOf('\n', pos);
      if (eol < 0) {
        eol = text.length();
      }
      String raw = text.substring(pos, eol).strip();
      int startLine = line;
      if (raw.isEmpty() || raw.startsWith("#")) {
        pos = eol + 1;
        line++;
        continue;
      }
      int rawStart = pos;
      while (Character.isWhitespace(text.charAt(rawStart))) {
        rawStart++;
      }
      if (raw.startsWith("export ")) {
        String rest = raw.substring(7).stripLeading();
        rawStart += raw.length() - rest.length();
        raw = rest;
      }
      int delim = firstDelimiter(raw);
      String key = (delim < 0 ? raw : raw.substring(0, delim)).strip();
      if (!KEY.matcher(key).matches()) {
        throw new InterpolationException("line " + startLine + ": '" + key + "' is not a"
            + " variable name");
      }
      if (delim < 0) {
        String v = lookup.apply(key);
        if (v != null) {
          vars.put(key, v);
        }
        pos = eol + 1;
        line++;
        continue;
      }
      // the value may run past this line when quoted: continue in the whole text
      int valueStart = rawStart + delim + 1;
      while (valueStart < text.length() && (text.charAt(valueStart) == ' '
          || text.charAt(valueStart) == '\t')) {
        valueStart++;
      }
      char q = valueStart < text.length() ? text.charAt(valueStart) : '\n';
      String value;
      int next;
      if (q == '\'' || q == '"') {
        int close = closingQuote(text, valueStart + 1, q);
        if (close < 0) {
          throw new InterpolationException("line " + startLine + ": the " + q + " quote of "
              + key + " is not closed");
        }
        String inner = text.substring(valueStart + 1, close);
        value = q == '\'' ? inner.replace("\\'", "'") : interpolation.apply(unescape(inner));
        int end = text.indexOf('\n', close);
        end = end < 0 ? text.length() : end;
        String after = text.substring(close + 1, end).strip();
        if (!after.isEmpty() && !after.startsWith("#")) {
          throw new InterpolationException("line " + startLine + ": unexpected '" + after
              + "' after the quoted value of " + key);
        }
        line += countLines(text, pos, end);
        next = end + 1;
      } else {
        String rest = text.substring(valueStart, eol);
        int comment = inlineComment(rest);
        value = interpolation.apply((comment < 0 ? rest : rest.substring(0, comment)).strip());
        line++;
        next = eol + 1;
      }
      vars.put(key, value);
      pos = next;
    }
    return vars;
  }

  private static int firstDelimiter(String raw) {
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '=' || c == ':') {
        return i;
      }
    }
    return -1;
  }

  private static int closingQuote(String text, int from, char q) {
    for (int i = from; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\\' && i + 1 < text.length()) {
        i++;
      } else if (c == q) {
        return i;
      }
    }
    return -1;
  }

  private static int inlineComment(String rest) {
    for (int i = 1; i < rest.length(); i++) {
      if (rest.charAt(i) == '#' && Character.isWhitespace(rest.charAt(i - 1))) {
        return i;
      }
    }
    return rest.startsWith("#") ? 0 : -1;
  }

  private static String unescape(String s) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length()) {
        char n = s.charAt(i + 1);
        String r = switch (n) {
          case 'n' -> "\n";
          case 'r' -> "\r";
          case 't' -> "\t";
          case '\\' -> "\\";
          case '"' -> "\"";
          default -> null;
        };
        if (r != null) {
          out.append(r);
          i++;
          continue;
        }
      }
      out.append(c);
    }
    return out.toString();
  }

  private static int countLines(String text, int from, int to) {
    int n = 1;
    for (int i = from; i < to; i++) {
      if (text.charAt(i) == '\n') {
        n++;
      }
    }
    return n;
  }
}
