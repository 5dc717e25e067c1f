package dev.backroom.hub.ecs;

import dev.backroom.ecs.wire.EcsError;
import java.util.Locale;
import java.util.regex.Pattern;

/** ECS's rules for custom attribute names and values, and the namespaces kept for devices. */
final class AttributeRules {
  /** 1 to 128 letters, digits, hyphens, underscores, slashes, back slashes and periods. */
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_./\\\\-]{1,128}");
  /** 1 to 128, also @, : and spaces, not at either end. */
  private static final Pattern VALUE =
      Pattern.compile("[A-Za-z0-9_./\\\\@:-]([A-Za-z0-9_./\\\\@: -]{0,126}[A-Za-z0-9_./\\\\@:-])?");

  private AttributeRules() {}

  static void checkName(String name, String path) {
    if (!NAME.matcher(name).matches()) {
      throw EcsError.invalidParameter(path + ": 1 to 128 letters, digits, hyphens, underscores,"
          + " slashes, back slashes or periods, got: " + shorten(name));
    }
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.startsWith("ecs.") || lower.startsWith("backroom.")) {
      throw EcsError.invalidParameter(path + ": " + name + " is in the "
          + lower.substring(0, lower.indexOf('.') + 1) + " namespace, which is kept for the"
          + " attributes a device announces itself; choose a name outside ecs. and backroom.");
    }
  }

  static void checkValue(String value, String path) {
    if (!VALUE.matcher(value).matches()) {
      throw EcsError.invalidParameter(path + ": 1 to 128 letters, digits, hyphens, underscores,"
          + " periods, @, slashes, back slashes, colons or spaces, not starting or ending with a"
          + " space, got: " + shorten(value));
    }
  }

  private static String shorten(String s) {
    return s.length() <= 140 ? s : s.substring(0, 140) + "...";
  }
}
