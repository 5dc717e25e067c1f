package dev.backroom.hub.devices;

import dev.backroom.mqtt.message.Capabilities;
import java.time.Duration;
import java.time.Instant;

/**
 * What the hub knows of one device at one moment. {@code presumedUntil} is set for a device the
 * hub could not hear for reasons of its own (a hub start, the hub's connection to the broker
 * lost) and has not heard from since: until then it counts as alive, because its agent is still
 * reconnecting to the broker.
 */
public record DeviceState(Capabilities capabilities, boolean connected, Instant lastSeen,
    Instant presumedUntil) {

  public DeviceState(Capabilities capabilities, boolean connected, Instant lastSeen) {
    this(capabilities, connected, lastSeen, null);
  }

  /**
   * Heard from now through a heartbeat or status report: seen, but connected only if it was.
   * Those messages reach the hub through the broker's publish hook, unordered against the
   * lifecycle subscription that carries last wills, so one sent just before a device died may
   * arrive after its will; only a lifecycle "online" (sent on every connect) or capabilities
   * may bring a device back, or a dead one would count as alive for a whole heartbeat timeout.
   */
  public DeviceState heard(Instant now) {
    return new DeviceState(capabilities, connected, now);
  }

  /**
   * A lifecycle message: online (sent on every connect) or offline (the last will). Online keeps
   * a presumption: the retained "online" the broker hands the hub when it subscribes again may
   * be processed after the hub's reconnection presumed the device alive, and says only that the
   * device was online once; taken as a fresh sighting, it would leave the device one heartbeat
   * timeout to reconnect instead of the grace, and a device whose agent is still backing off
   * would be taken for lost and its tasks moved.
   */
  public DeviceState lifecycle(boolean online, Instant now) {
    return online
        ? new DeviceState(capabilities, true, now, presumedUntil)
        : new DeviceState(capabilities, false, lastSeen);
  }

  /** New capabilities (retained too, so resent on a resubscribe): as an online lifecycle. */
  public DeviceState withCapabilities(Capabilities caps, Instant now) {
    return new DeviceState(caps, true, now, connected ? presumedUntil : null);
  }

  /**
   * The hub's connection to the broker came (back) at the moment {@code until} is counted from,
   * after the hub last heard anything at {@code deafSince}. A device that was available then is
   * presumed alive until {@code until}: the hub could not hear it meanwhile, which says nothing
   * of the device. One already lost, or ended by its will, stays so (wills are retained, so one
   * sent while the hub was away arrives after this).
   */
  public DeviceState presumedAfterHubConnect(Instant deafSince, Instant until, Duration timeout) {
    return connected && availableAt(deafSince, timeout)
        ? new DeviceState(capabilities, true, lastSeen, until)
        : this;
  }

  /** A device is available while connected and heard from within {@code timeout}. */
  public boolean availableAt(Instant now, Duration timeout) {
    if (presumedUntil != null && !presumedUntil.isBefore(now)) {
      return connected;
    }
    return connected && !lastSeen.plus(timeout).isBefore(now);
  }

  public String deviceId() {
    return capabilities.deviceId();
  }
}
