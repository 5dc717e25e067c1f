package dev.backroom.mqtt.security;

import dev.backroom.mqtt.Topics;
import java.util.Objects;
import java.util.Optional;

/**
 * Who a broker client is, bound to its MQTT user name. The user name is the contract between the
 * hub and Mosquitto's dynamic security: {@code hub}, {@code device:{id}} and
 * {@code workload:{id}}. ':' is not allowed in a device id, so the forms cannot collide.
 *
 * @param deviceId null for {@link Kind#HUB}
 */
public record MqttPrincipal(Kind kind, String deviceId) {
  public enum Kind { HUB, DEVICE, WORKLOAD }

  public static final String HUB_USERNAME = "hub";
  private static final String DEVICE_PREFIX = "device:";
  private static final String WORKLOAD_PREFIX = "workload:";

  public MqttPrincipal {
    Objects.requireNonNull(kind, "kind");
    if (kind == Kind.HUB ? deviceId != null : !Topics.isValidDeviceId(deviceId)) {
      throw new IllegalArgumentException("invalid device id for " + kind + ": " + deviceId);
    }
  }

  public static MqttPrincipal hub() {
    return new MqttPrincipal(Kind.HUB, null);
  }

  public static MqttPrincipal device(String id) {
    return new MqttPrincipal(Kind.DEVICE, id);
  }

  public static MqttPrincipal workload(String id) {
    return new MqttPrincipal(Kind.WORKLOAD, id);
  }

  /** The MQTT user name this principal connects with. */
  public String username() {
    return switch (kind) {
      case HUB -> HUB_USERNAME;
      case DEVICE -> DEVICE_PREFIX + deviceId;
      case WORKLOAD -> WORKLOAD_PREFIX + deviceId;
    };
  }

  /** The principal a user name names; empty for null or anything that is not one of the forms. */
  public static Optional<MqttPrincipal> parse(String username) {
    if (username == null) {
      return Optional.empty();
    }
    if (username.equals(HUB_USERNAME)) {
      return Optional.of(hub());
    }
    if (username.startsWith(DEVICE_PREFIX)) {
      return idOf(username, DEVICE_PREFIX).map(MqttPrincipal::device);
    }
    if (username.startsWith(WORKLOAD_PREFIX)) {
      return idOf(username, WORKLOAD_PREFIX).map(MqttPrincipal::workload);
    }
    return Optional.empty();
  }

  private static Optional<String> idOf(String username, String prefix) {
    String id = username.substring(prefix.length());
    return Topics.isValidDeviceId(id) ? Optional.of(id) : Optional.empty();
  }
}
