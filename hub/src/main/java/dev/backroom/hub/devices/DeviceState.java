package dev.backroom.hub.devices;

import dev.backroom.mqtt.message.Capabilities;
import java.time.Duration;
import java.time.Instant;

/** What the hub knows of one device at one moment. */
public record DeviceState(Capabilities capabilities, boolean connected, Instant lastSeen) {

  /** A device is available while connected and heard from within {@code timeout}. */
  public boolean availableAt(Instant now, Duration timeout) {
    return connected && !lastSeen.plus(timeout).isBefore(now);
  }

  public String deviceId() {
    return capabilities.deviceId();
  }
}
