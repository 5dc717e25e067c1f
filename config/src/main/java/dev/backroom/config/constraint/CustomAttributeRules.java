package dev.backroom.config.constraint;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * ECS's rules for the custom attributes put on a container instance (a device), and the
 * namespaces kept for what a device announces itself ({@code ecs.}, {@code backroom.}). Shared
 * by the hub's and the cloud's PutAttributes and by the hub's reading of the cloud's
 * DEVICE_ATTRIBUTES objects, so all three accept the same attributes.
 */
public final class CustomAttributeRules {
  /** ECS's limit of custom attributes on one resource. */
  public static final int MAX_PER_DEVICE = 10;
  /** 1 to 128 letters, digits, hyphens, underscores, slashes, back slashes and periods. */
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_./\\\\-]{1,128}");
  /** 1 to 128, also @, : and spaces, not at either end. */
  private static final Pattern VALUE =
      Pattern.compile("[A-Za-z0-9_./\\\\@:-]([A-Za-z0-9_./\\\\@: -]{0,126}[A-Za-z0-9_./\\\\@:-])?");

  private CustomAttributeRules() {}

  /** Why {@code name} (at {@code path}) cannot be a custom attribute's name, or empty. */
  public static Optional<String> nameProblem(String name, String path) {
    if (!NAME.matcher(name).matches()) {
      return Optional.of(path + ": 1 to 128 letters, digits, hyphens, underscores,"
          + " slashes, back slashes or periods, got: " + shorten(name));
    }
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.startsWith("ecs.") || lower.startsWith("backroom.")) {
      return Optional.of(path + ": " + name + " is in the "
          + lower.substring(0, lower.indexOf('.') + 1) + " namespace, which is kept for the"
          + " attributes a device announces itself; choose a name outside ecs. and backroom.");
    }
    return Optional.empty();
  }

  /** Why {@code value} (at {@code path}) cannot be a custom attribute's value, or empty. */
  public static Optional<String> valueProblem(String value, String path) {
    if (!VALUE.matcher(value).matches()) {
      return Optional.of(path + ": 1 to 128 letters, digits, hyphens, underscores,"
          + " periods, @, slashes, back slashes, colons or spaces, not starting or ending with a"
          + " space, got: " + shorten(value));
    }
    return Optional.empty();
  }

  private static String shorten(String s) {
    return s.length() <= 140 ? s : s.substring(0, 140) + "...";
  }
}
