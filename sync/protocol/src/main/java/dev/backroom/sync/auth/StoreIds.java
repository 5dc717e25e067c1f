package dev.backroom.sync.auth;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a store id may look like. It travels inside credentials ({@code brs1.<id>.<secret>}), URL
 * paths and selectors, so it may not contain dots, slashes or selector syntax.
 */
public final class StoreIds {
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,62}");

  private StoreIds() {}

  /** Empty when {@code id} is acceptable, else the reason it is not. */
  public static Optional<String> problem(String id) {
    if (id == null || id.isEmpty()) {
      return Optional.of("is required");
    }
    if (!ID.matcher(id).matches()) {
      return Optional.of("must be 1 to 63 letters, digits, '-' or '_', starting with a letter or"
          + " digit, but is '" + id + "'");
    }
    return Optional.empty();
  }

  public static boolean valid(String id) {
    return problem(id).isEmpty();
  }
}
