package dev.backroom.compose.convert;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a string {@code command} or {@code entrypoint} into words the way Compose does (a
 * POSIX-shell-like split with single quotes, double quotes and backslashes, and no expansion),
 * so {@code command: echo "a b"} runs {@code ["echo", "a b"]} and not a shell.
 */
final class ShellWords {
  private ShellWords() {}

  static List<String> split(String s) {
    List<String> words = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean inWord = false;
    char quote = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (quote == '\'') {
        if (c == '\'') {
          quote = 0;
        } else {
          cur.append(c);
        }
      } else if (quote == '"') {
        if (c == '"') {
          quote = 0;
        } else if (c == '\\' && i + 1 < s.length() && "\"\\$`".indexOf(s.charAt(i + 1)) >= 0) {
          cur.append(s.charAt(++i));
        } else {
          cur.append(c);
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
        inWord = true;
      } else if (c == '\\' && i + 1 < s.length()) {
        cur.append(s.charAt(++i));
        inWord = true;
      } else if (Character.isWhitespace(c)) {
        if (inWord) {
          words.add(cur.toString());
          cur.setLength(0);
          inWord = false;
        }
      } else {
        cur.append(c);
        inWord = true;
      }
    }
    if (quote != 0) {
      throw new IllegalArgumentException("unclosed " + quote + " quote in '" + s + "'");
    }
    if (inWord) {
      words.add(cur.toString());
    }
    return words;
  }
}
