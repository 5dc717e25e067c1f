package dev.backroom.hub.ui;

import java.time.Duration;
import java.time.Instant;

/** Text for humans on a small screen: ages, sizes, short ids. Null-safe, pure. */
final class UiFormat {
  private UiFormat() {}

  /** "12 s", "4 min", "3 h", "2 d"; "never" for null. */
  static String age(Instant t, Instant now) {
    if (t == null) {
      return "never";
    }
    long s = Math.max(0, Duration.between(t, now).toSeconds());
    if (s < 120) {
      return s + " s";
    }
    if (s < 7200) {
      return s / 60 + " min";
    }
    return s < 172_800 ? s / 3600 + " h" : s / 86_400 + " d";
  }

  static String ago(Instant t, Instant now) {
    return t == null ? "never" : age(t, now) + " ago";
  }

  static String bytes(long b) {
    if (b < 1024) {
      return b + " B";
    }
    if (b < 1024 * 1024) {
      return String.format(java.util.Locale.ROOT, "%.1f KiB", b / 1024.0);
    }
    return String.format(java.util.Locale.ROOT, "%.1f MiB", b / (1024.0 * 1024));
  }

  static String shortId(String id) {
    return id == null ? "-" : id.length() > 12 ? id.substring(0, 12) : id;
  }

  static String orDash(Object o) {
    return o == null || o.toString().isBlank() ? "-" : o.toString();
  }
}
