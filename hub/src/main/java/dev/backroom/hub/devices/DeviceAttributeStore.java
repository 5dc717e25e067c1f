package dev.backroom.hub.devices;

import dev.backroom.config.constraint.CustomAttributeRules;
import dev.backroom.jdbc.Jdbc;
import dev.backroom.mqtt.message.Capabilities;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Custom attributes put on devices through the hub's ECS PutAttributes, or through the cloud's
 * (DEVICE_ATTRIBUTES objects), in H2 ({@code device_attributes}), and the attributes placement
 * sees: what the device announces, then these (a name set here wins), then
 * {@code ecs.capability.external}, which every device has since every Backroom device is what
 * ECS calls an external instance.
 *
 * <p>Every control-loop pass reads the attributes of every device, so they are served from a
 * copy in memory, replaced after each write; the hub is the only writer of its database.
 */
@ApplicationScoped
public class DeviceAttributeStore {
  /** ECS's limit of custom attributes on one resource. */
  public static final int MAX_PER_DEVICE = CustomAttributeRules.MAX_PER_DEVICE;
  /** Announced by ECS for external instances; a value-less attribute. */
  public static final String EXTERNAL = "ecs.capability.external";
  /** How an attribute without a value appears in an attribute map (never a real value). */
  public static final String NO_VALUE = "";

  @Inject Jdbc jdbc;
  private volatile Map<String, Map<String, String>> cache;

  /** Every device's custom attributes, by device id; a value is {@link #NO_VALUE} when absent. */
  public Map<String, Map<String, String>> all() {
    Map<String, Map<String, String>> c = cache;
    if (c == null) {
      c = reload();
    }
    return c;
  }

  public Map<String, String> custom(String deviceId) {
    return all().getOrDefault(deviceId, Map.of());
  }

  /** What placement and the views see for a device: announced, then custom, then external. */
  public Map<String, String> effective(Capabilities caps) {
    Map<String, String> out = new TreeMap<>();
    if (caps.attributes() != null) {
      out.putAll(caps.attributes());
    }
    out.putAll(custom(caps.deviceId()));
    out.putIfAbsent(EXTERNAL, NO_VALUE);
    return Collections.unmodifiableMap(out);
  }

  /**
   * Sets attributes of one device (a null value: an attribute without one).
   *
   * @return empty when done; else the number the device would hold, over {@link #MAX_PER_DEVICE}
   *     (nothing is changed then)
   */
  public Optional<Integer> put(String deviceId, Map<String, String> attributes, Instant now) {
    return change(List.of(new Change(deviceId, attributes, List.of())), now).values().stream()
        .findFirst();
  }

  /** Removes the named custom attributes of one device; absent ones are no change. */
  public void delete(String deviceId, Collection<String> names) {
    change(List.of(new Change(deviceId, Map.of(), names)), Instant.now());
  }

  /** For one device: attributes to set (a null value: without one), then names to remove. */
  public record Change(String deviceId, Map<String, String> put, Collection<String> remove) {}

  /**
   * Applies the changes of several devices in one transaction (joining the caller's, as the
   * cloud's apply does: call {@link #refresh} after it ends). A device that would hold more than
   * {@link #MAX_PER_DEVICE} is left as it is.
   *
   * @return the devices left as they were, with the number each would have held
   */
  public synchronized Map<String, Integer> change(List<Change> changes, Instant now) {
    Map<String, Integer> over = new LinkedHashMap<>();
    jdbc.inTransaction(() -> {
      for (Change c : changes) {
        Map<String, String> after = new LinkedHashMap<>(custom(c.deviceId()));
        after.putAll(c.put());
        c.remove().forEach(after::remove);
        if (after.size() > MAX_PER_DEVICE) {
          over.put(c.deviceId(), after.size());
          continue;
        }
        c.put().forEach((name, value) -> {
          jdbc.update("delete from device_attributes where device_id = ? and attr_name = ?",
              c.deviceId(), name);
          jdbc.update("insert into device_attributes (device_id, attr_name, attr_value,"
              + " updated_at) values (?, ?, ?, ?)", c.deviceId(), name, value, now);
        });
        for (String name : c.remove()) {
          jdbc.update("delete from device_attributes where device_id = ? and attr_name = ?",
              c.deviceId(), name);
        }
      }
      reload();
      return null;
    });
    return over;
  }

  /** Reads the table again: after a transaction that wrote through {@link #change} ended. */
  public void refresh() {
    reload();
  }

  private synchronized Map<String, Map<String, String>> reload() {
    Map<String, Map<String, String>> out = new TreeMap<>();
    jdbc.query("select device_id, attr_name, attr_value from device_attributes",
        rs -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3)})
        .forEach(r -> out.computeIfAbsent(r[0], k -> new TreeMap<>())
            .put(r[1], r[2] == null ? NO_VALUE : r[2]));
    out.replaceAll((k, v) -> Collections.unmodifiableMap(v));
    Map<String, Map<String, String>> c = Collections.unmodifiableMap(out);
    cache = c;
    return c;
  }
}
