package dev.backroom.hub.sync;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backroom.hub.core.sync.CloudAttributesSpec;
import dev.backroom.hub.core.sync.CloudKey;
import dev.backroom.hub.devices.DeviceAttributeStore;
import dev.backroom.hub.devices.DeviceAttributeWrites;
import dev.backroom.hub.events.Event;
import dev.backroom.hub.events.EventStore;
import dev.backroom.hub.events.EventStore.Subject;
import dev.backroom.hub.runtime.ControlLoop;
import dev.backroom.sync.wire.DesiredKind;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Devices' custom attributes from the cloud (desired DEVICE_ATTRIBUTES objects, one per device,
 * named by its id), written through {@link DeviceAttributeWrites}, the path of the hub's own
 * PutAttributes and DeleteAttributes, with origin cloud. The cloud's object owns the names it
 * holds: at every applied revision each of them is set to the object's value (a local put of
 * such a name lasts until then, as a local edit of a cloud service does); a name that leaves the
 * object, or a whole object that leaves, is removed from the device; names the object never held
 * (the hub's own puts) are never touched.
 */
@ApplicationScoped
public class CloudAttributes {
  @Inject DeviceAttributeStore attributes;
  @Inject DeviceAttributeWrites writes;
  @Inject EventStore events;
  @Inject ControlLoop loop;

  private volatile boolean changed;

  /** In the apply transaction: converges the devices to the objects {@code after} holds. */
  void receive(Map<CloudKey, JsonNode> before, Map<CloudKey, JsonNode> after, long revision,
      Instant now) {
    Set<CloudKey> keys = new TreeSet<>();
    before.keySet().stream().filter(k -> k.kind() == DesiredKind.DEVICE_ATTRIBUTES)
        .forEach(keys::add);
    after.keySet().stream().filter(k -> k.kind() == DesiredKind.DEVICE_ATTRIBUTES)
        .forEach(keys::add);
    Map<String, List<DeviceAttributeStore.Change>> byActor = new LinkedHashMap<>();
    for (CloudKey k : keys) {
      CloudAttributesSpec was = spec(k, before.get(k));
      CloudAttributesSpec next = spec(k, after.get(k));
      Map<String, String> custom = attributes.custom(k.name());
      Map<String, String> put = new LinkedHashMap<>();
      if (next != null) {
        next.attributes().forEach((name, value) -> {
          String current = custom.get(name);
          String stored = DeviceAttributeStore.NO_VALUE.equals(current) ? null : current;
          if (!custom.containsKey(name) || !Objects.equals(stored, value)) {
            put.put(name, value);
          }
        });
      }
      List<String> remove = new ArrayList<>();
      if (was != null) {
        for (String name : was.attributes().keySet()) {
          if ((next == null || !next.attributes().containsKey(name))
              && custom.containsKey(name)) {
            remove.add(name);
          }
        }
      }
      if (put.isEmpty() && remove.isEmpty()) {
        continue;
      }
      String actor = next != null && next.updatedBy() != null ? next.updatedBy()
          : was != null && was.updatedBy() != null ? was.updatedBy() : Event.CLOUD;
      byActor.computeIfAbsent(actor, a -> new ArrayList<>())
          .add(new DeviceAttributeStore.Change(k.name(), put, remove));
    }
    byActor.forEach((actor, changes) -> {
      Map<String, Integer> over = writes.change(changes, actor, Event.CLOUD, now);
      over.forEach((device, n) -> events.record(now, "cloud-object-rejected", Event.CLOUD,
          Event.CLOUD, Subject.device(device), "a device holds at most "
              + DeviceAttributeStore.MAX_PER_DEVICE + " custom attributes; with the hub's own "
              + device + " would hold " + n, "attributes of device " + device
              + " of cloud revision " + revision + " not applied"));
      if (over.size() < changes.size()) {
        changed = true;
      }
    });
  }

  /** After the apply transaction ended, committed or not: the store's copy and a pass. */
  void settle() {
    attributes.refresh();
    if (changed) {
      changed = false;
      loop.trigger();
    }
  }

  /** The object's spec; rejected objects never reach the cloud-object table, so it reads. */
  private static CloudAttributesSpec spec(CloudKey k, JsonNode spec) {
    return spec == null ? null : CloudAttributesSpec.read(k.name(), spec).value();
  }
}
