package dev.backroom.hub.devices;

import dev.backroom.hub.config.HubConfig;
import dev.backroom.hub.store.DeviceStore;
import dev.backroom.mqtt.message.Capabilities;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Liveness of every device, kept in memory and rebuilt from MQTT. Devices known from the
 * database are presumed alive after a hub start for the startup grace (at least one heartbeat
 * timeout) or until heard from, so a hub restart does not mistake a fleet that is still
 * reconnecting for lost and move every task. A last will ends the presumption at once.
 */
@ApplicationScoped
public class DeviceRegistry {
  private final Map<String, DeviceState> devices = new ConcurrentHashMap<>();

  @Inject DeviceStore store;
  @Inject HubConfig config;

  public void loadPersisted(Instant now) {
    for (Capabilities c : store.list()) {
      Duration grace = config.devices().startupGrace();
      Instant until = now.plus(grace.compareTo(heartbeatTimeout()) > 0 ? grace : heartbeatTimeout());
      devices.putIfAbsent(c.deviceId(), new DeviceState(c, true, now, until));
    }
  }

  public void onCapabilities(Capabilities caps, Instant now) {
    store.upsert(caps, now);
    devices.put(caps.deviceId(), new DeviceState(caps, true, now));
  }

  /** A heartbeat or status report; never undoes a last will (see DeviceState#heard). */
  public boolean onHeartbeat(String deviceId, Instant now) {
    DeviceState d = devices.computeIfPresent(deviceId, (id, s) -> s.heard(now));
    return d != null;
  }

  /** Records an online or offline (last will) transition; returns true when it changed. */
  public boolean onLifecycle(String deviceId, boolean online, Instant now) {
    boolean[] changed = new boolean[1];
    devices.computeIfPresent(deviceId, (id, before) -> {
      changed[0] = before.connected() != online;
      return new DeviceState(before.capabilities(), online, online ? now : before.lastSeen());
    });
    return changed[0];
  }

  public Duration heartbeatTimeout() {
    return config.devices().heartbeatTimeout();
  }

  public List<DeviceState> all() {
    List<DeviceState> list = new ArrayList<>(devices.values());
    list.sort(Comparator.comparing(DeviceState::deviceId));
    return list;
  }
}
