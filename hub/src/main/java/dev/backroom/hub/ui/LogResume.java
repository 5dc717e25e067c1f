package dev.backroom.hub.ui;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Where a reconnected log tail picks up. The browser names the last line it received (the
 * instant the container wrote it, and how many lines it received with exactly that instant);
 * the device answers a new tail with its last lines, and this decides per line: skip what the
 * browser has, show the rest, and say when the tail did not reach back to the browser's last
 * line (more lines were written than the tail holds, or the task has a new container), so the
 * page shows a separator instead of silently joining two stretches of log. Pure and
 * single-threaded: one per session, fed in frame order.
 */
final class LogResume {
  enum Verdict {
    /** The browser has this line already. */
    SKIP,
    /** A line after the browser's last one, with nothing missing before it. */
    SHOW,
    /** The first line shown, but lines between the browser's last one and it may be missing. */
    SHOW_AFTER_MISSED,
    /** The device does not say when lines were written: cannot resume; lines may repeat. */
    SHOW_UNSURE
  }

  private final Instant after;
  private long sameLeft;
  private boolean overlapped;
  private boolean resumed;

  /**
   * @param after the write instant of the last line the browser has; null for a fresh tail
   * @param same how many lines with exactly that instant it has (at least one)
   */
  LogResume(Instant after, long same) {
    this.after = after;
    this.sameLeft = Math.max(1, same);
    this.resumed = after == null;
  }

  /** A fresh tail: every line is shown. */
  static LogResume fresh() {
    return new LogResume(null, 0);
  }

  /**
   * From the log socket's query ({@code after=<ISO instant>&same=<n>}); a missing or unreadable
   * cursor is a fresh tail, since showing lines again beats showing none.
   */
  static LogResume fromQuery(String after, String same) {
    if (after == null || after.isBlank()) {
      return fresh();
    }
    try {
      long n = same == null || same.isBlank() ? 1 : Long.parseLong(same.strip());
      return new LogResume(Instant.parse(after.strip()), n);
    } catch (DateTimeParseException | NumberFormatException e) {
      return fresh();
    }
  }

  /** The instant of the browser's last line; null for a fresh tail. */
  Instant after() {
    return after;
  }

  /** The verdict on the next line, written at {@code at} (null when the device did not say). */
  Verdict next(Instant at) {
    if (resumed) {
      return Verdict.SHOW;
    }
    if (at == null) {
      resumed = true;
      return Verdict.SHOW_UNSURE;
    }
    if (at.isBefore(after)) {
      overlapped = true;
      return Verdict.SKIP;
    }
    if (at.equals(after) && sameLeft > 0) {
      sameLeft--;
      overlapped = true;
      return Verdict.SKIP;
    }
    resumed = true;
    return overlapped ? Verdict.SHOW : Verdict.SHOW_AFTER_MISSED;
  }
}
