package dev.backroom.mqtt;

import java.util.Optional;

/**
 * Every MQTT topic Backroom uses. Device topics sit under {@code backroom/v1/devices/{id}/};
 * the direction is in each constant's comment. A breaking change to any payload bumps v1.
 */
public final class Topics {
  public static final String ROOT = "backroom/v1";
  private static final String DEVICES = ROOT + "/devices/";

  /** Device to hub, retained, on every connect: what the device can run. */
  public static final String CAPABILITIES = "capabilities";
  /** Device to hub, periodic: the device is alive. */
  public static final String HEARTBEAT = "heartbeat";
  /** Device to hub, retained: online on connect, offline as the last will. */
  public static final String LIFECYCLE = "lifecycle";
  /** Device to hub: the state of every task, naming the assignment generation it reflects. */
  public static final String STATUS = "status";
  /** Hub to device, retained: the full set of tasks the device must run. */
  public static final String ASSIGNMENT = "assignment";
  /** Hub to device, QoS 1, not retained: one-off commands ({@code DeviceCommand}). */
  public static final String COMMANDS = "commands";
  /** Device to hub: log-tail lines and exec output, keyed by session ({@code LogFrame}). */
  public static final String LOGS = "logs";

  private Topics() {}

  public static String device(String deviceId, String kind) {
    return DEVICES + deviceId + "/" + kind;
  }

  public static String capabilities(String deviceId) {
    return device(deviceId, CAPABILITIES);
  }

  public static String heartbeat(String deviceId) {
    return device(deviceId, HEARTBEAT);
  }

  public static String lifecycle(String deviceId) {
    return device(deviceId, LIFECYCLE);
  }

  public static String status(String deviceId) {
    return device(deviceId, STATUS);
  }

  public static String assignment(String deviceId) {
    return device(deviceId, ASSIGNMENT);
  }

  public static String commands(String deviceId) {
    return device(deviceId, COMMANDS);
  }

  public static String logs(String deviceId) {
    return device(deviceId, LOGS);
  }

  /** Subscription filter for one kind of device-to-hub message from every device. */
  public static String allDevices(String kind) {
    return DEVICES + "+/" + kind;
  }

  /** Workload telemetry on the store broker (store-and-forward comes with cloud sync). */
  public static String telemetry(String stream) {
    return ROOT + "/telemetry/" + stream;
  }

  /** A device topic split into device id and kind. */
  public record DeviceTopic(String deviceId, String kind) {}

  /** Parses {@code backroom/v1/devices/{id}/{kind}}; empty for any other topic. */
  public static Optional<DeviceTopic> parseDevice(String topic) {
    if (topic == null || !topic.startsWith(DEVICES)) {
      return Optional.empty();
    }
    String rest = topic.substring(DEVICES.length());
    int slash = rest.indexOf('/');
    if (slash <= 0 || slash == rest.length() - 1 || rest.indexOf('/', slash + 1) >= 0) {
      return Optional.empty();
    }
    return Optional.of(new DeviceTopic(rest.substring(0, slash), rest.substring(slash + 1)));
  }

  /** Device ids become topic levels, so they may not hold MQTT's special characters. */
  public static boolean isValidDeviceId(String id) {
    return id != null && DEVICE_ID.matcher(id).matches();
  }

  // Compiled once: String.matches compiles its pattern on every call, and ingest asks for every
  // device message.
  private static final java.util.regex.Pattern DEVICE_ID =
      java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

  /**
   * Whether {@code topic} matches the MQTT filter {@code filter} ({@code +} one level, {@code #}
   * the rest, the parent level included). The transport's dispatch and the broker's ACL both ask
   * this for every message, so it walks the strings instead of splitting them.
   */
  public static boolean matches(String filter, String topic) {
    int fi = 0;
    int ti = 0;
    while (true) {
      int fe = levelEnd(filter, fi);
      if (fe - fi == 1 && filter.charAt(fi) == '#') {
        return true;
      }
      int te = levelEnd(topic, ti);
      boolean plus = fe - fi == 1 && filter.charAt(fi) == '+';
      if (!plus && (fe - fi != te - ti || !filter.regionMatches(fi, topic, ti, fe - fi))) {
        return false;
      }
      boolean filterDone = fe == filter.length();
      if (te == topic.length()) {
        // "a/#" also matches "a"
        return filterDone || (levelEnd(filter, fe + 1) == fe + 2 && filter.charAt(fe + 1) == '#');
      }
      if (filterDone) {
        return false;
      }
      fi = fe + 1;
      ti = te + 1;
    }
  }

  private static int levelEnd(String s, int from) {
    int slash = s.indexOf('/', from);
    return slash < 0 ? s.length() : slash;
  }
}
