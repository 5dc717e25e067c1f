package dev.backroom.hub.ui;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Text for humans on a small screen: ages, sizes, times, short ids. Null-safe, pure. */
final class UiFormat {
  /**
   * The one zone the UI shows times in: the hub's clock is UTC, and so are its logs, the API and
   * the audit log, so a technician comparing them never converts. Every time says so.
   */
  static final ZoneOffset ZONE = ZoneOffset.UTC;
  private static final DateTimeFormatter THIS_YEAR =
      DateTimeFormatter.ofPattern("MM-dd HH:mm:ss", Locale.ROOT).withZone(ZONE);
  private static final DateTimeFormatter OTHER_YEAR =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT).withZone(ZONE);

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

  /**
   * A time on the 24-hour clock in {@link #ZONE}, with its zone, and with the year only when it
   * is not the year of {@code now} there: "12-01 09:05:00 UTC", "2025-12-31 23:59:59 UTC".
   */
  static String clock(Instant t, Instant now) {
    if (t == null) {
      return "-";
    }
    boolean sameYear = t.atOffset(ZONE).getYear() == now.atOffset(ZONE).getYear();
    return (sameYear ? THIS_YEAR : OTHER_YEAR).format(t) + " UTC";
  }

  /** Binary units, one decimal only when it says something: "512 B", "1.5 KiB", "256 MiB". */
  static String bytes(long b) {
    if (b < 1024) {
      return b + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double v = b;
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    String n = String.format(Locale.ROOT, "%.1f", v);
    return (n.endsWith(".0") ? n.substring(0, n.length() - 2) : n) + " " + units[u];
  }

  /** A size the hub counts in MiB (device memory, task memory): "24041 MiB". */
  static String mib(long m) {
    return m + " MiB";
  }

  static String shortId(String id) {
    return id == null ? "-" : id.length() > 12 ? id.substring(0, 12) : id;
  }

  static String orDash(Object o) {
    return o == null || o.toString().isBlank() ? "-" : o.toString();
  }
}
