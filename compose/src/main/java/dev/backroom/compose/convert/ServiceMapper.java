package dev.backroom.compose.convert;

import dev.backroom.config.model.ContainerDependency;
import dev.backroom.config.model.HealthCheck;
import dev.backroom.config.model.HostEntry;
import dev.backroom.config.model.LogConfiguration;
import dev.backroom.config.model.RuntimePlatform;
import dev.backroom.config.model.TaskDefinition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One Compose service's keys onto a container. Each key is mapped here or in the mapper it
 * names, listed as accepted with no effect, or refused with a reason ({@link #REFUSED}, else the
 * generic one); docs/compose.md is the same table in prose.
 */
final class ServiceMapper {
  /** Service keys refused with a specific reason (any other unmapped key gets a generic one). */
  static final Map<String, String> REFUSED = Map.ofEntries(
      Map.entry("build", "Backroom does not build images: build and load or push the image,"
          + " then give image"),
      Map.entry("container_name", "the agent names containers itself (one service may run"
          + " several); remove container_name"),
      Map.entry("networks", "a device has no per-project networks: a task joins the device's"
          + " bridge network, or host/none through network_mode; remove networks"),
      Map.entry("links", "links need Docker's legacy default bridge; use network_mode: host,"
          + " where services that depends_on joins reach each other by name"),
      Map.entry("secrets", "there is no secret store at the edge yet; pass configuration"
          + " through environment or env_file"),
      Map.entry("configs", "there is no config store at the edge yet; use a bind mount"),
      Map.entry("cpus", "Backroom has no hard CPU cap (ECS cpu is a share counted for"
          + " placement); use deploy.resources.reservations.cpus"),
      Map.entry("mem_swappiness", "not mapped; remove it"),
      Map.entry("pid", "not supported yet: the agent cannot apply it; remove it"),
      Map.entry("ipc", "not supported yet: the agent cannot apply it; remove it"),
      Map.entry("stop_signal", "the agent stops containers with SIGTERM, then SIGKILL after"
          + " stop_grace_period; remove stop_signal"),
      Map.entry("scale", "use deploy.replicas"),
      Map.entry("extends", "extends reads other files; inline the service"));

  private ServiceMapper() {}

  static ServiceSpec map(String name, Fields f, Context ctx) {
    ContainerDraft c = new ContainerDraft();
    c.name = name;
    c.image = f.string("image");
    if (c.image == null && !f.has("build")) {
      f.refuse(f.at("image"), "is required: the image the device runs");
    }
    c.command = words(f, "command");
    c.entryPoint = words(f, "entrypoint");
    c.environment = EnvironmentMapper.map(f, ctx);
    c.portMappings = PortMapper.map(f);
    VolumeMapper.Mounts mounts = VolumeMapper.map(f, ctx);
    c.mountPoints = mounts.mountPoints();
    c.tmpfs = mounts.tmpfs();
    c.healthCheck = healthCheck(f);
    c.user = f.string("user");
    c.workingDirectory = f.string("working_dir");
    c.readonlyRootFilesystem = f.bool("read_only");
    c.privileged = f.bool("privileged");
    c.init = f.bool("init");
    c.capAdd = f.strings("cap_add", false);
    c.capDrop = f.strings("cap_drop", false);
    c.devices = DeviceMapper.map(f);
    c.hostname = f.string("hostname");
    c.interactive = f.bool("stdin_open");
    c.pseudoTerminal = f.bool("tty");
    c.dockerLabels = labels(f);
    extraHosts(f, c);
    c.logConfiguration = logging(f);
    if (f.has("shm_size")) {
      c.sharedMemorySize = size(f, "shm_size");
    }
    if (f.has("stop_grace_period")) {
      c.stopTimeout = seconds(f, "stop_grace_period", f.take("stop_grace_period"));
    }
    if (f.has("mem_limit")) {
      c.memory = size(f, "mem_limit");
    }
    if (f.has("mem_reservation")) {
      c.memoryReservation = size(f, "mem_reservation");
    }
    String networkMode = networkMode(f);
    RuntimePlatform platform = platform(f);
    f.accepted("expose"); // documents ports between services; publishing is ports' job
    DeployMapper.Deploy deploy = DeployMapper.map(f, c);
    Map<String, String> deps = new LinkedHashMap<>();
    List<String> optional = new ArrayList<>();
    dependsOn(f, deps, optional);
    List<String> profiles = f.strings("profiles", false);
    if (c.memory == null && c.memoryReservation == null) {
      f.refuse(f.at("deploy.resources.limits.memory"), "a device places tasks by memory, so"
          + " a service needs a memory limit or reservation: set deploy.resources.limits.memory"
          + " (or reservations.memory, mem_limit, mem_reservation), e.g. 256m");
    }
    f.refuseUnread(REFUSED, "a service key");
    return new ServiceSpec(name, c, mounts.volumes(), networkMode, deploy.replicas(),
        deploy.global(), platform, deps, optional, profiles == null ? List.of() : profiles);
  }

  static Integer size(Fields f, String key) {
    Object v = f.take(key);
    try {
      return Units.mebibytes(v);
    } catch (IllegalArgumentException e) {
      f.refuse(f.at(key), e.getMessage());
      return null;
    }
  }

  static Integer seconds(Fields f, String key, Object v) {
    try {
      return Units.seconds(v);
    } catch (IllegalArgumentException e) {
      f.refuse(f.at(key), e.getMessage());
      return null;
    }
  }

  private static List<String> words(Fields f, String key) {
    if (f.take(key) instanceof String s) {
      try {
        return ShellWords.split(s);
      } catch (IllegalArgumentException e) {
        f.refuse(f.at(key), e.getMessage());
        return null;
      }
    }
    return f.strings(key, false);
  }

  private static HealthCheck healthCheck(Fields f) {
    Fields h = f.mapping("healthcheck");
    if (h == null) {
      return null;
    }
    Boolean disable = h.bool("disable");
    Object test = h.take("test");
    List<String> cmd = test instanceof String s ? List.of("CMD-SHELL", s)
        : h.strings("test", false);
    if (Boolean.TRUE.equals(disable) || (cmd != null && !cmd.isEmpty()
        && cmd.get(0).equals("NONE"))) {
      h.refuse(h.at(Boolean.TRUE.equals(disable) ? "disable" : "test"), "Backroom cannot turn"
          + " off an image's own HEALTHCHECK; remove the healthcheck to keep the image's");
      cmd = null;
    } else if (cmd == null) {
      h.refuse(h.at("test"), "is required: [\"CMD\", ...], [\"CMD-SHELL\", \"...\"] or a"
          + " shell string");
    } else if (cmd.isEmpty() || !(cmd.get(0).equals("CMD") || cmd.get(0).equals("CMD-SHELL"))) {
      h.refuse(h.at("test"), "must start with CMD or CMD-SHELL (or be a shell string)");
    }
    Integer interval = h.has("interval") ? seconds(h, "interval", h.take("interval")) : null;
    Integer timeout = h.has("timeout") ? seconds(h, "timeout", h.take("timeout")) : null;
    Integer start = h.has("start_period") ? seconds(h, "start_period", h.take("start_period"))
        : null;
    Integer retries = h.integer("retries", 0, Integer.MAX_VALUE);
    h.refuseUnread(Map.of("start_interval", "ECS health checks have no start interval;"
        + " remove it (interval applies from the start)"), "a healthcheck key");
    return new HealthCheck(cmd, interval, timeout, retries, start);
  }

  private static Map<String, String> labels(Fields f) {
    Map<String, String> labels = f.dictionary("labels", '=');
    if (labels != null) {
      labels.replaceAll((k, v) -> v == null ? "" : v);
    }
    return labels;
  }

  private static void extraHosts(Fields f, ContainerDraft c) {
    Object v = f.take("extra_hosts");
    if (v == null) {
      return;
    }
    Map<String, String> hosts = new LinkedHashMap<>();
    if (v instanceof Map<?, ?> m) {
      m.forEach((k, ip) -> hosts.put(String.valueOf(k), ip == null ? null : String.valueOf(ip)));
    } else {
      List<String> items = f.strings("extra_hosts", false);
      for (int i = 0; items != null && i < items.size(); i++) {
        String s = items.get(i);
        int at = s.indexOf('=') >= 0 ? s.indexOf('=') : s.indexOf(':');
        if (at <= 0) {
          f.refuse(f.at("extra_hosts") + "[" + i + "]", "must be HOST=IP or HOST:IP");
          continue;
        }
        hosts.put(s.substring(0, at), s.substring(at + 1));
      }
    }
    hosts.forEach((host, ip) -> {
      String addr = ip == null ? "" : ip.replaceAll("^\\[(.*)]$", "$1");
      c.addExtraHost(new HostEntry(host, addr));
    });
  }

  private static LogConfiguration logging(Fields f) {
    Fields l = f.mapping("logging");
    if (l == null) {
      return null;
    }
    String driver = l.string("driver");
    Map<String, String> options = l.dictionary("options", '=');
    l.refuseUnread(Map.of(), "a logging key");
    return new LogConfiguration(driver == null ? "json-file" : driver, options, null);
  }

  private static String networkMode(Fields f) {
    String mode = f.string("network_mode");
    if (mode != null && !TaskDefinition.NETWORK_MODES.contains(mode)) {
      f.refuse(f.at("network_mode"), mode.startsWith("service:") || mode.startsWith("container:")
          ? "sharing another container's network is not supported; use host, where a task's"
              + " containers share the device's network"
          : "must be bridge, host or none");
      return null;
    }
    return mode;
  }

  private static RuntimePlatform platform(Fields f) {
    String p = f.string("platform");
    if (p == null) {
      return null;
    }
    String arch = switch (p) {
      case "linux/amd64", "linux/x86_64" -> "X86_64";
      case "linux/arm64", "linux/arm64/v8", "linux/aarch64" -> "ARM64";
      default -> null;
    };
    if (arch == null) {
      f.refuse(f.at("platform"), "Backroom devices are linux/amd64 or linux/arm64");
      return null;
    }
    return new RuntimePlatform(arch, "LINUX");
  }

  private static void dependsOn(Fields f, Map<String, String> deps, List<String> optional) {
    Object v = f.take("depends_on");
    if (v == null) {
      return;
    }
    if (v instanceof List) {
      for (String s : f.strings("depends_on", false)) {
        deps.put(s, ContainerDependency.START);
      }
      return;
    }
    Fields all = Fields.of(f.service(), f.at("depends_on"), v, f.problems());
    if (all == null) {
      return;
    }
    for (String target : all.keys()) {
      Fields d = all.mapping(target);
      if (d == null) {
        all.refuse(all.at(target), "must be a mapping such as {condition: service_started}");
        continue;
      }
      String cond = d.string("condition");
      String ecs = cond == null ? ContainerDependency.START : switch (cond) {
        case "service_started" -> ContainerDependency.START;
        case "service_healthy" -> ContainerDependency.HEALTHY;
        case "service_completed_successfully" -> ContainerDependency.SUCCESS;
        default -> null;
      };
      if (ecs == null) {
        d.refuse(d.at("condition"), "must be service_started, service_healthy or"
            + " service_completed_successfully");
      }
      if (Boolean.TRUE.equals(d.bool("restart"))) {
        d.refuse(d.at("restart"), "Backroom does not restart a container when one it depends"
            + " on restarts; remove restart");
      }
      if (Boolean.FALSE.equals(d.bool("required"))) {
        optional.add(target);
      }
      d.refuseUnread(Map.of(), "a depends_on key");
      deps.put(target, ecs == null ? ContainerDependency.START : ecs);
    }
  }
}
