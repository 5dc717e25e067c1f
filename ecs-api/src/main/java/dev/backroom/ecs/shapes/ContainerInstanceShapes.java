package dev.backroom.ecs.shapes;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.backroom.ecs.wire.EcsJson;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Pure parts of a device shown as an ECS container instance, from the device's own status words
 * (ACTIVE, LOST, HELD, DRAINING, DRAINED) and resource counts. Shared by the hub, which reads its
 * devices, and the cloud, which reads what the stores report of them.
 */
public final class ContainerInstanceShapes {
  private ContainerInstanceShapes() {}

  /**
   * ECS's status of a device: DRAINING while its tasks move away and after (ECS keeps a drained
   * instance DRAINING until it is set ACTIVE again), ACTIVE otherwise. A held or lost device is
   * ACTIVE as on ECS, where a disconnected agent leaves its instance ACTIVE; {@link #statusReason}
   * says which, and {@code agentConnected} is false for a lost one. REGISTERING, DEREGISTERING and
   * REGISTRATION_FAILED never occur: a device is registered by its first announcement.
   */
  public static String status(String deviceStatus) {
    return switch (String.valueOf(deviceStatus)) {
      case "DRAINING", "DRAINED" -> "DRAINING";
      default -> "ACTIVE";
    };
  }

  /** Why the device is not simply ACTIVE; null when it is. */
  public static String statusReason(String deviceStatus) {
    return switch (String.valueOf(deviceStatus)) {
      case "LOST" -> "lost: no heartbeat within the timeout, or its last will arrived; its tasks"
          + " are placed elsewhere";
      case "HELD" -> "held: no new task lands, and its tasks are neither restarted nor moved";
      case "DRAINING" -> "draining: its tasks are being placed elsewhere";
      case "DRAINED" -> "drained: its tasks were placed elsewhere; no new task lands until it"
          + " is released";
      default -> null;
    };
  }

  /** A lost device's agent is not connected, whatever its last MQTT session says. */
  public static boolean agentConnected(boolean sessionConnected, String deviceStatus) {
    return sessionConnected && !"LOST".equals(deviceStatus);
  }

  /**
   * Resources as ECS writes them: CPU units, MiB, the host ports taken per protocol (PORTS for
   * tcp, PORTS_UDP for udp; ECS lists none at registration) and, when the device has GPUs, their
   * ordinals ("0", "1", ...: the hub counts GPUs, it does not identify them).
   *
   * @param usedPorts protocol ("tcp", "udp") to the host ports taken, in the order to show
   */
  public static ArrayNode resources(long cpu, long memory, long gpus,
      Map<String, ? extends Collection<Integer>> usedPorts) {
    ArrayNode out = EcsJson.mapper().createArrayNode();
    out.addObject().put("name", "CPU").put("type", "INTEGER").put("integerValue", cpu);
    out.addObject().put("name", "MEMORY").put("type", "INTEGER").put("integerValue", memory);
    for (String protocol : List.of("tcp", "udp")) {
      ArrayNode set = out.addObject().put("name", protocol.equals("tcp") ? "PORTS" : "PORTS_UDP")
          .put("type", "STRINGSET").putArray("stringSetValue");
      Collection<Integer> used = usedPorts.get(protocol);
      if (used != null) {
        used.forEach(p -> set.add(Integer.toString(p)));
      }
    }
    if (gpus > 0) {
      ArrayNode ids = out.addObject().put("name", "GPU").put("type", "STRINGSET")
          .putArray("stringSetValue");
      for (long i = 0; i < gpus; i++) {
        ids.add(Long.toString(i));
      }
    }
    return out;
  }
}
