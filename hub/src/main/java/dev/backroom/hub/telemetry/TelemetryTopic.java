package dev.backroom.hub.telemetry;

import dev.backroom.mqtt.Topics;
import dev.backroom.sync.batch.StreamNames;

/**
 * Parses {@code backroom/v1/telemetry/{stream}} (built by {@link Topics#telemetry}). The stream
 * name becomes a metric tag, a key in H2 and a field the cloud validates, so it is held to the
 * cloud's rule ({@link StreamNames}): {@code [A-Za-z0-9][A-Za-z0-9._-]{0,127}}. A looser rule here
 * would let in a stream whose batches the cloud refuses for ever.
 */
public final class TelemetryTopic {
  static final String PREFIX = Topics.telemetry("");
  public static final int MAX_STREAM_LENGTH = 128;

  private TelemetryTopic() {}

  /** The stream named by {@code topic}, or null when the topic is not a telemetry topic. */
  public static String streamOf(String topic) {
    if (topic == null || !topic.startsWith(PREFIX)) {
      return null;
    }
    return isValidStream(topic, PREFIX.length()) ? topic.substring(PREFIX.length()) : null;
  }

  public static boolean isValidStream(String s) {
    return s != null && isValidStream(s, 0);
  }

  // Scans in place: this runs once per message on the event loop, so no regex and no copy.
  private static boolean isValidStream(String s, int from) {
    int n = s.length() - from;
    if (n < 1 || n > MAX_STREAM_LENGTH) {
      return false;
    }
    for (int i = from; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
      boolean ok = alnum || (i > from && (c == '.' || c == '_' || c == '-'));
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
