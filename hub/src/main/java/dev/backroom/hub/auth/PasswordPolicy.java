package dev.backroom.hub.auth;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What a hub user's password must be, checked when an admin creates a user or sets a password
 * and when the first admin's password comes from {@code backroom.auth.admin-password}. Rules,
 * in the order checked: 10 to 1024 characters; not only whitespace; not one character repeated
 * ({@code aaaaaaaaaa}); not one of the 5,000 most common passwords of that length (the shipped
 * list, see {@code auth/common-passwords.NOTICE.md}; compared ignoring case and surrounding
 * whitespace). Length is counted in characters as typed; nothing is trimmed from what is stored.
 */
public final class PasswordPolicy {
  public static final int MIN = 10;
  public static final int MAX = 1024;
  static final String LIST = "/auth/common-passwords.txt";

  /** A rule a password broke: a short name for it and a sentence for the user. */
  public record Weakness(String rule, String message) {}

  private static final Set<String> COMMON = load();

  private PasswordPolicy() {}

  /** Empty when {@code password} is acceptable, else the first rule it breaks. */
  public static Optional<Weakness> check(String password) {
    if (password == null || password.length() < MIN || password.length() > MAX) {
      return Optional.of(new Weakness("length", "a password must have " + MIN + " to " + MAX
          + " characters"));
    }
    // Unicode spaces too (no-break space and the like), which isBlank() does not count.
    if (password.codePoints().allMatch(c -> Character.isWhitespace(c) || Character.isSpaceChar(c))) {
      return Optional.of(new Weakness("whitespace_only",
          "a password must not be whitespace only"));
    }
    if (password.codePoints().distinct().count() == 1) {
      return Optional.of(new Weakness("one_character",
          "a password must not be one character repeated"));
    }
    if (COMMON.contains(password.strip().toLowerCase(Locale.ROOT))) {
      return Optional.of(new Weakness("common", "this password is on the list of the "
          + COMMON.size() + " most common passwords; choose another"));
    }
    return Optional.empty();
  }

  static int commonCount() {
    return COMMON.size();
  }

  private static Set<String> load() {
    InputStream in = PasswordPolicy.class.getResourceAsStream(LIST);
    if (in == null) {
      // Built into the jar; without it the policy would silently be weaker than documented.
      throw new IllegalStateException("missing resource " + LIST);
    }
    Set<String> out = new HashSet<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        if (!line.isEmpty()) {
          out.add(line.toLowerCase(Locale.ROOT));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + LIST, e);
    }
    return Set.copyOf(out);
  }
}
