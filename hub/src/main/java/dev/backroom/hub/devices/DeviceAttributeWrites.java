package dev.backroom.hub.devices;

import dev.backroom.hub.events.EventStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes of devices' custom attributes with their events, the one path for the hub's ECS
 * PutAttributes and DeleteAttributes (origin local) and the cloud's DEVICE_ATTRIBUTES objects
 * (origin cloud): {@code device-attributes-put} and {@code device-attributes-deleted}, one per
 * device and kind of change, with the caller as actor.
 */
@ApplicationScoped
public class DeviceAttributeWrites {
  @Inject DeviceAttributeStore attributes;
  @Inject EventStore events;

  /**
   * Applies {@code changes} (see {@link DeviceAttributeStore#change}) and records their events.
   *
   * @return the devices left as they were because they would hold too many, with that number
   */
  public Map<String, Integer> change(List<DeviceAttributeStore.Change> changes, String actor,
      String origin, Instant now) {
    Map<String, Integer> over = attributes.change(changes, now);
    for (DeviceAttributeStore.Change c : changes) {
      if (over.containsKey(c.deviceId())) {
        continue;
      }
      if (!c.put().isEmpty()) {
        events.record(now, "device-attributes-put", actor, origin,
            EventStore.Subject.device(c.deviceId()), null, "device " + c.deviceId()
                + ": attributes put: " + describe(c.put()));
      }
      if (!c.remove().isEmpty()) {
        events.record(now, "device-attributes-deleted", actor, origin,
            EventStore.Subject.device(c.deviceId()), null, "device " + c.deviceId()
                + ": attributes deleted: " + String.join(", ", c.remove()));
      }
    }
    return over;
  }

  private static String describe(Map<String, String> put) {
    List<String> parts = new ArrayList<>();
    put.forEach((n, v) -> parts.add(v == null ? n : n + "=" + v));
    return String.join(", ", parts);
  }
}
