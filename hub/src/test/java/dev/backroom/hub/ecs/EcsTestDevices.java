package dev.backroom.hub.ecs;

import dev.backroom.hub.devices.DeviceRegistry;
import dev.backroom.mqtt.message.Capabilities;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Devices for the ECS tests, announced straight to the hub's registry as the MQTT intake would,
 * and kept alive by a heartbeat every 500 ms (the test profile loses a device after 3 s of
 * silence, less than a few CLI calls take). Close it to let them go quiet.
 */
final class EcsTestDevices implements AutoCloseable {
  private final DeviceRegistry registry;
  private final List<String> ids = new CopyOnWriteArrayList<>();
  private final ScheduledExecutorService beats = Executors.newSingleThreadScheduledExecutor();

  EcsTestDevices(DeviceRegistry registry) {
    this.registry = registry;
    beats.scheduleAtFixedRate(() -> ids.forEach(registry::onHeartbeat),
        0, 500, TimeUnit.MILLISECONDS);
  }

  /** A 4-CPU, 1024 MiB x86 device announcing {@code attributes} besides the built-ins. */
  String add(String id, Map<String, String> attributes) {
    return add(id, attributes, 0);
  }

  String add(String id, Map<String, String> attributes, int gpus) {
    Map<String, String> all = new TreeMap<>(attributes);
    all.put("ecs.cpu-architecture", "x86_64");
    all.put("ecs.os-type", "linux");
    registry.onCapabilities(new Capabilities(id, "amd64", "linux", 4, 1024, gpus, all, "0.9-test"));
    ids.add(id);
    return id;
  }

  @Override
  public void close() {
    beats.shutdownNow();
  }
}
