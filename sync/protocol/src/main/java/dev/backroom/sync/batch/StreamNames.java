package dev.backroom.sync.batch;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a telemetry stream name may be. It is the last MQTT topic level and a URL path segment,
 * so MQTT wildcards, slashes and anything needing escaping are out.
 */
public final class StreamNames {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

  private StreamNames() {}

  /** Empty when {@code stream} is acceptable, else why not. */
  public static Optional<String> problem(String stream) {
    if (stream == null || stream.isEmpty()) {
      return Optional.of("is required");
    }
    if (!NAME.matcher(stream).matches()) {
      return Optional.of("must be 1 to 128 letters, digits, '.', '_' or '-', starting with a"
          + " letter or digit");
    }
    return Optional.empty();
  }

  public static boolean valid(String stream) {
    return problem(stream).isEmpty();
  }
}
