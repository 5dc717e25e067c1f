package dev.backroom.mqtt.message;

import java.util.Set;

/**
 * From a device on its {@code logs} topic: part of the output of one log-tail or exec session.
 * {@code seq} counts frames per session from 1, so the hub can tell a gap. Kinds:
 * {@code line} (one log line as text), {@code output} (exec output bytes, base64), {@code end}
 * (the session is over; {@code data} says why) and {@code dropped} (the device dropped
 * {@code data} frames because the link was slower than the output).
 */
public record LogFrame(String deviceId, String sessionId, long seq, String kind, String data)
    implements WireMessage {
  public static final String LINE = "line";
  public static final String OUTPUT = "output";
  public static final String END = "end";
  public static final String DROPPED = "dropped";
  public static final Set<String> KINDS = Set.of(LINE, OUTPUT, END, DROPPED);
  /** Bounds one frame; a longer log line is cut, longer output split. */
  public static final int MAX_DATA_CHARS = 32 * 1024;

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
    return seq < 1 ? "seq must be positive" : null;
  }
}
