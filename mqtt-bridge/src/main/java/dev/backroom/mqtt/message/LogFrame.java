package dev.backroom.mqtt.message;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Set;

/**
 * From a device on its {@code logs} topic: part of the output of one log-tail or exec session.
 * {@code seq} counts frames per session from 1, so the hub can tell a gap. Kinds:
 * {@code line} (one log line as text), {@code output} (exec output bytes, base64), {@code end}
 * (the session is over; {@code data} says why) and {@code dropped} (the device dropped
 * {@code data} frames because the link was slower than the output). A {@code line} carries
 * {@code at}, the instant the container wrote it (from the engine's log, ISO-8601 with up to
 * nanoseconds), when the device knows it: the hub shows it and resumes a reconnected tail after
 * the last line a browser received; null from a device that does not know it.
 */
public record LogFrame(String deviceId, String sessionId, long seq, String kind, String data,
    String at) implements WireMessage {
  public static final String LINE = "line";
  public static final String OUTPUT = "output";
  public static final String END = "end";
  public static final String DROPPED = "dropped";
  public static final Set<String> KINDS = Set.of(LINE, OUTPUT, END, DROPPED);
  /** Bounds one frame; a longer log line is cut, longer output split. */
  public static final int MAX_DATA_CHARS = 32 * 1024;

  /** A frame without a production time (exec output, end, dropped). */
  public LogFrame(String deviceId, String sessionId, long seq, String kind, String data) {
    this(deviceId, sessionId, seq, kind, data, null);
  }

  /** {@link #at} as an instant; null when absent (validated by {@link #problem()}). */
  public Instant atInstant() {
    return at == null ? null : Instant.parse(at);
  }

  @Override
  public String problem() {
    if (sessionId == null || sessionId.isBlank() || sessionId.length() > 64) {
      return "sessionId is required (at most 64 characters)";
    }
    if (kind == null || !KINDS.contains(kind)) {
      return "unknown kind " + kind;
    }
    if (data != null && data.length() > MAX_DATA_CHARS) {
      return "data longer than " + MAX_DATA_CHARS;
    }
    if (at != null) {
      try {
        if (at.length() > 40) {
          return "at longer than 40 characters";
        }
        Instant.parse(at);
      } catch (DateTimeParseException e) {
        return "at is not an ISO-8601 instant";
      }
    }
    return seq < 1 ? "seq must be positive" : null;
  }
}
