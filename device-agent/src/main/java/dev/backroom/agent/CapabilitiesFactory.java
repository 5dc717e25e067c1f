package dev.backroom.agent;

import dev.backroom.config.model.DeviceAttributes;
import dev.backroom.mqtt.message.Capabilities;
import java.util.Map;
import java.util.TreeMap;

/** Turns the agent's configuration into the capabilities it announces on every connect. */
final class CapabilitiesFactory {
  private CapabilitiesFactory() {}

  /**
   * Built-in attributes first, then the operator's, so {@code --attribute
   * ecs.cpu-architecture=arm64} wins; {@code arch} is then read back from the merged map so the
   * two can never disagree.
   */
  static Capabilities of(AgentConfig c) {
    Map<String, String> attrs = new TreeMap<>();
    attrs.put(DeviceAttributes.CPU_ARCHITECTURE, c.arch());
    attrs.put(DeviceAttributes.OS_TYPE, "linux");
    attrs.put(DeviceAttributes.DEVICE_ID, c.deviceId());
    attrs.put(DeviceAttributes.GPU_COUNT, Integer.toString(c.gpus()));
    attrs.putAll(c.attributes());
    return new Capabilities(c.deviceId(), attrs.get(DeviceAttributes.CPU_ARCHITECTURE),
        attrs.get(DeviceAttributes.OS_TYPE), c.cpus(), c.memoryMiB(), c.gpus(), attrs,
        HostInfo.agentVersion());
  }
}
