package dev.backroom.compose.convert;

import dev.backroom.config.model.ResourceRequirement;
import dev.backroom.config.model.RestartPolicy;
import java.util.List;
import java.util.Map;

/**
 * {@code restart} and {@code deploy}: replicas, global mode, resources (GPU device reservations
 * included) and the restart policy. Swarm-only parts (placement, update and rollback config) are
 * refused with a reason rather than ignored.
 */
final class DeployMapper {
  record Deploy(Integer replicas, boolean global) {}

  private static final Map<String, String> REFUSED = Map.of(
      "placement", "Swarm node constraints do not map to device attributes yet; remove"
          + " placement",
      "update_config", "rollouts follow the service's deployment configuration (100%/200%, with"
          + " the circuit breaker); remove update_config",
      "rollback_config", "a failed rollout rolls back by the circuit breaker; remove"
          + " rollback_config",
      "endpoint_mode", "there is no Swarm routing at the edge; remove endpoint_mode",
      "labels", "Swarm service labels have no counterpart; put labels on the service's labels");

  private DeployMapper() {}

  static Deploy map(Fields f, ContainerDraft c) {
    boolean hasRestart = f.has("restart");
    c.restartPolicy = restart(f);
    Fields d = f.mapping("deploy");
    if (d == null) {
      return new Deploy(null, false);
    }
    String mode = d.string("mode");
    boolean global = "global".equals(mode);
    if (mode != null && !global && !"replicated".equals(mode)) {
      d.refuse(d.at("mode"), "must be replicated or global");
    }
    Integer replicas = d.integer("replicas", 0, 10_000);
    if (global && replicas != null) {
      d.refuse(d.at("replicas"), "global runs one task on every device; remove replicas");
    }
    Fields r = d.mapping("resources");
    if (r != null) {
      resources(r, c);
    }
    Fields rp = d.mapping("restart_policy");
    if (rp != null) {
      if (hasRestart) {
        d.refuse(d.at("restart_policy"), "restart is given too; keep one of them");
      }
      c.restartPolicy = restartPolicy(rp);
    }
    d.refuseUnread(REFUSED, "a deploy key");
    return new Deploy(replicas, global);
  }

  private static RestartPolicy restart(Fields f) {
    String r = f.string("restart");
    if (r == null) {
      return null; // the service default: always, as Swarm's deploy does
    }
    if (r.equals("no")) {
      return new RestartPolicy(null, RestartPolicy.NEVER, null, null, null);
    }
    if (r.equals("always") || r.equals("unless-stopped")) {
      return new RestartPolicy(null, RestartPolicy.ALWAYS, null, null, null);
    }
    if (r.equals("on-failure")) {
      return new RestartPolicy(null, RestartPolicy.ON_FAILURE, null, null, null);
    }
    if (r.matches("on-failure:[0-9]{1,9}")) {
      return new RestartPolicy(null, RestartPolicy.ON_FAILURE,
          Integer.parseInt(r.substring(11)), null, null);
    }
    f.refuse(f.at("restart"), "must be no, always, on-failure[:N] or unless-stopped");
    return null;
  }

  private static RestartPolicy restartPolicy(Fields rp) {
    String condition = rp.string("condition");
    String policy = condition == null ? RestartPolicy.ALWAYS : switch (condition) {
      case "none" -> RestartPolicy.NEVER;
      case "on-failure" -> RestartPolicy.ON_FAILURE;
      case "any" -> RestartPolicy.ALWAYS;
      default -> null;
    };
    if (policy == null) {
      rp.refuse(rp.at("condition"), "must be none, on-failure or any");
    }
    Integer max = rp.integer("max_attempts", 0, Integer.MAX_VALUE);
    rp.refuseUnread(Map.of(
        "delay", "the agent's restart backoff decides the delay; remove delay",
        "window", "ECS has no success window; remove window"), "a restart_policy key");
    return new RestartPolicy(null, policy, max, null, null);
  }

  private static void resources(Fields r, ContainerDraft c) {
    Fields limits = r.mapping("limits");
    if (limits != null) {
      if (limits.has("memory")) {
        c.memory = ServiceMapper.size(limits, "memory");
      }
      limits.refuseUnread(Map.of(
          "cpus", "Backroom has no hard CPU cap (ECS cpu is a share counted for placement);"
              + " use deploy.resources.reservations.cpus",
          "pids", "not mapped; remove pids"), "a resource limit");
    }
    Fields res = r.mapping("reservations");
    if (res != null) {
      if (res.has("memory")) {
        c.memoryReservation = ServiceMapper.size(res, "memory");
      }
      if (res.has("cpus")) {
        Object v = res.take("cpus");
        try {
          c.cpu = Units.cpuUnits(v);
        } catch (IllegalArgumentException e) {
          res.refuse(res.at("cpus"), e.getMessage());
        }
      }
      Object devices = res.take("devices");
      if (devices != null) {
        gpus(res, devices, c);
      }
      res.refuseUnread(Map.of("generic_resources", "Swarm generic resources do not map; ask"
          + " for GPUs under devices"), "a resource reservation");
    }
    r.refuseUnread(Map.of(), "a resources key");
  }

  private static void gpus(Fields res, Object devices, ContainerDraft c) {
    if (!(devices instanceof List<?> list)) {
      res.refuse(res.at("devices"), "must be a list");
      return;
    }
    int total = 0;
    for (int i = 0; i < list.size(); i++) {
      Fields dev = Fields.of(res.service(), res.at("devices") + "[" + i + "]", list.get(i),
          res.problems());
      if (dev == null) {
        continue;
      }
      List<String> caps = dev.strings("capabilities", false);
      if (caps == null || !caps.contains("gpu")) {
        dev.refuse(dev.at("capabilities"), "only GPU reservations map (capabilities: [gpu])");
      }
      String driver = dev.string("driver");
      if (driver != null && !driver.equals("nvidia")) {
        dev.refuse(dev.at("driver"), "GPUs are attached by the device's GPU runtime (nvidia or"
            + " Jetson); use nvidia or leave driver out");
      }
      Object count = dev.take("count");
      if (count == null) {
        // Compose's default when neither count nor device_ids is given is every GPU
        dev.refuse(dev.at("count"), "give the number of GPUs: Backroom schedules GPU counts,"
            + " so 'all' and device_ids cannot be placed");
      } else if ("all".equals(String.valueOf(count))) {
        dev.refuse(dev.at("count"), "'all' cannot be placed: Backroom schedules GPU counts;"
            + " give a number");
      } else {
        Integer n = dev.integer("count", 1, 64);
        total += n == null ? 0 : n;
      }
      dev.refuseUnread(Map.of(
          "device_ids", "the device's GPU runtime chooses the GPUs; give count instead",
          "options", "driver options do not map; remove options"), "a device reservation key");
    }
    if (total > 0) {
      c.resourceRequirements = List.of(new ResourceRequirement(ResourceRequirement.GPU,
          String.valueOf(total)));
    }
  }
}
