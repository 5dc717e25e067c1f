package dev.backroom.hub.devices;

import dev.backroom.hub.config.HubConfig;
import dev.backroom.hub.store.DeviceStore;
import dev.backroom.mqtt.message.Capabilities;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Liveness of every device, kept in memory and rebuilt from MQTT. Silence means a lost device
 * only while the hub itself can hear: from its start, or from losing its own broker connection,
 * until that connection is up again, the hub is deaf, and every device available when it went
 * deaf still counts as available. Once it hears again, those devices are presumed alive for the
 * startup grace (at least one heartbeat timeout) counted from the connection, or until heard
 * from, because their agents are reconnecting too. So neither a hub restart, however slow, nor a
 * broker restart mistakes a fleet that is fine for lost and moves every task. A last will
 * (retained, so one sent meanwhile still arrives) ends the presumption at once.
 *
 * <p>Every instant in here is on the {@link MonotonicClock}, never the wall clock, so a step of
 * the hub's wall clock neither loses nor revives a device; {@link #lastSeen} is the wall time of
 * the last sighting, for people.
 */
@ApplicationScoped
public class DeviceRegistry {
  private final Map<String, DeviceState> devices = new ConcurrentHashMap<>();

  @Inject DeviceStore store;
  @Inject HubConfig config;
  private final Clock clock = MonotonicClock.start();
  /**
   * The wall-clock time of each device's last sighting, for people only: recorded when heard,
   * so that a page showing it is the same until the device is heard again.
   */
  private final Map<String, Instant> seenAt = new ConcurrentHashMap<>();

  /**
   * Since when the hub cannot hear (its start, its broker connection lost), or null while it
   * can. While deaf, every device available at that moment still counts as available.
   */
  private volatile Instant deafSince;

  public void loadPersisted() {
    Instant now = clock.instant();
    deafSince = now;
    Instant wall = Instant.now();
    for (Capabilities c : store.list()) {
      devices.putIfAbsent(c.deviceId(), new DeviceState(c, true, now, now.plus(presumption())));
      seenAt.putIfAbsent(c.deviceId(), wall);
    }
  }

  /** The hub's own connection to the broker is up (first time or again). */
  public void onHubConnected() {
    Instant now = clock.instant();
    Instant since = deafSince == null ? now : deafSince;
    Instant until = now.plus(presumption());
    devices.replaceAll((id, s) -> s.presumedAfterHubConnect(since, until, heartbeatTimeout()));
    deafSince = null;
  }

  /** The hub's own connection to the broker is lost. */
  public void onHubDisconnected() {
    if (deafSince == null) {
      deafSince = clock.instant();
    }
  }

  private Duration presumption() {
    Duration grace = config.devices().startupGrace();
    return grace.compareTo(heartbeatTimeout()) > 0 ? grace : heartbeatTimeout();
  }

  /**
   * An agent announces its capabilities on every connect. Only a change is written: after a hub
   * restart a thousand devices reconnect at once, and a commit each (H2 writes every commit to
   * disk) held the core thread for about a second while status reports waited behind it.
   */
  public void onCapabilities(Capabilities caps) {
    DeviceState known = devices.get(caps.deviceId());
    if (known == null || !caps.equals(known.capabilities())) {
      store.upsert(caps, Instant.now());
    }
    Instant now = clock.instant();
    devices.merge(caps.deviceId(), new DeviceState(caps, true, now),
        (before, fresh) -> before.withCapabilities(caps, now));
    seenAt.put(caps.deviceId(), Instant.now());
  }

  /** A heartbeat or status report; never undoes a last will (see DeviceState#heard). */
  public boolean onHeartbeat(String deviceId) {
    Instant now = clock.instant();
    DeviceState d = devices.computeIfPresent(deviceId, (id, s) -> s.heard(now));
    if (d != null) {
      seenAt.put(deviceId, Instant.now());
    }
    return d != null;
  }

  /** Records an online or offline (last will) transition; returns true when it changed. */
  public boolean onLifecycle(String deviceId, boolean online) {
    Instant now = clock.instant();
    boolean[] changed = new boolean[1];
    devices.computeIfPresent(deviceId, (id, before) -> {
      changed[0] = before.connected() != online;
      return before.lifecycle(online, now);
    });
    if (online && devices.containsKey(deviceId)) {
      seenAt.put(deviceId, Instant.now()); // as DeviceState#lifecycle moves lastSeen
    }
    return changed[0];
  }

  public Duration heartbeatTimeout() {
    return config.devices().heartbeatTimeout();
  }

  /** Whether the device (one of {@link #all}) is available now. */
  public boolean available(DeviceState d) {
    return d.availableAt(clock.instant(), heartbeatTimeout());
  }

  /** The devices available now. */
  public Set<String> availableIds() {
    Instant now = clock.instant();
    Set<String> ids = new HashSet<>();
    for (DeviceState d : all()) {
      if (d.availableAt(now, heartbeatTimeout())) {
        ids.add(d.deviceId());
      }
    }
    return ids;
  }

  /** When the device was last heard from, on the wall clock as it reads now. */
  public Instant lastSeen(DeviceState d) {
    Instant at = seenAt.get(d.deviceId());
    return at != null ? at : Instant.now().minus(Duration.between(d.lastSeen(), clock.instant()));
  }

  /** Every device as judged now: while the hub is deaf, as it was when the hub went deaf. */
  public List<DeviceState> all() {
    Instant since = deafSince;
    List<DeviceState> list = new ArrayList<>(devices.values());
    if (since != null) {
      list.replaceAll(s -> s.presumedAfterHubConnect(since, Instant.MAX, heartbeatTimeout()));
    }
    list.sort(Comparator.comparing(DeviceState::deviceId));
    return list;
  }
}
