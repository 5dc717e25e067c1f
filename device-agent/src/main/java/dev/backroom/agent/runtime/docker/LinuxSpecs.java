package dev.backroom.agent.runtime.docker;

import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.Device;
import com.github.dockerjava.api.model.HostConfig;
import dev.backroom.config.model.ContainerDefinition;
import dev.backroom.config.model.LinuxParameters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * ECS {@code linuxParameters} onto Docker's host config, as the ECS agent maps them. Pure; an
 * impossible value throws {@link IllegalArgumentException} with the field's name, which fails
 * the create with that message rather than running something else.
 */
final class LinuxSpecs {
  static final long MIB = 1024L * 1024L;
  /** ECS's swappiness when {@code maxSwap} is set without one. */
  static final long DEFAULT_SWAPPINESS = 60;

  private LinuxSpecs() {}

  static void apply(HostConfig hc, ContainerDefinition c) {
    LinuxParameters lp = c.linuxParameters();
    if (lp == null) {
      return;
    }
    List<Device> devices = devices(lp.devices());
    if (!devices.isEmpty()) {
      hc.withDevices(devices);
    }
    if (lp.initProcessEnabled() != null) {
      hc.withInit(lp.initProcessEnabled());
    }
    if (lp.sharedMemorySize() != null) {
      hc.withShmSize(lp.sharedMemorySize() * MIB);
    }
    Map<String, String> tmpfs = tmpfs(lp.tmpfs());
    if (!tmpfs.isEmpty()) {
      hc.withTmpFs(tmpfs);
    }
    if (lp.capabilities() != null) {
      List<Capability> add = capabilities(lp.capabilities().add());
      if (!add.isEmpty()) {
        hc.withCapAdd(add.toArray(Capability[]::new));
      }
      List<Capability> drop = capabilities(lp.capabilities().drop());
      if (!drop.isEmpty()) {
        hc.withCapDrop(drop.toArray(Capability[]::new));
      }
    }
    if (lp.maxSwap() != null) {
      // ECS: maxSwap is the swap the container may use on top of its memory; 0 means no swap.
      // Docker's MemorySwap is memory plus swap, so it needs the hard limit.
      if (c.memory() == null) {
        throw new IllegalArgumentException("linuxParameters.maxSwap needs the container's"
            + " memory (hard limit)");
      }
      hc.withMemorySwap((c.memory() + (long) Math.max(0, lp.maxSwap())) * MIB);
      hc.withMemorySwappiness(lp.swappiness() == null ? DEFAULT_SWAPPINESS
          : (long) lp.swappiness());
    }
    // ECS ignores swappiness without maxSwap (the instance's swap settings apply); so does this.
  }

  /** {@code permissions} read, write, mknod become cgroup's r, w, m; none given means all. */
  static List<Device> devices(List<LinuxParameters.Device> in) {
    List<Device> out = new ArrayList<>();
    if (in == null) {
      return out;
    }
    for (LinuxParameters.Device d : in) {
      if (d == null || d.hostPath() == null) {
        continue; // the validator refuses a device without hostPath
      }
      String container = d.containerPath() == null || d.containerPath().isBlank() ? d.hostPath()
          : d.containerPath();
      out.add(new Device(cgroupPermissions(d.permissions()), container, d.hostPath()));
    }
    return out;
  }

  static String cgroupPermissions(List<String> permissions) {
    if (permissions == null || permissions.isEmpty()) {
      return "rwm";
    }
    StringBuilder sb = new StringBuilder();
    for (String[] p : new String[][] {{"read", "r"}, {"write", "w"}, {"mknod", "m"}}) {
      if (permissions.stream().anyMatch(x -> p[0].equalsIgnoreCase(x))) {
        sb.append(p[1]);
      }
    }
    for (String x : permissions) {
      if (!List.of("read", "write", "mknod").contains(x == null ? "" : x.toLowerCase(Locale.ROOT))) {
        throw new IllegalArgumentException("linuxParameters.devices permission " + x
            + " is not read, write or mknod");
      }
    }
    return sb.toString();
  }

  /** {@code containerPath -> "size=<N>m,<mountOptions>"}, Docker's {@code --tmpfs} form. */
  static Map<String, String> tmpfs(List<LinuxParameters.Tmpfs> in) {
    Map<String, String> out = new LinkedHashMap<>();
    if (in == null) {
      return out;
    }
    for (LinuxParameters.Tmpfs t : in) {
      if (t == null || t.containerPath() == null) {
        continue; // the validator refuses a tmpfs without containerPath
      }
      List<String> opts = new ArrayList<>();
      if (t.size() != null) {
        opts.add("size=" + t.size() + "m");
      }
      if (t.mountOptions() != null) {
        opts.addAll(t.mountOptions());
      }
      out.put(t.containerPath(), String.join(",", opts));
    }
    return out;
  }

  /** Names with or without {@code CAP_}, any case; ALL is Docker's all. */
  static List<Capability> capabilities(List<String> names) {
    List<Capability> out = new ArrayList<>();
    if (names == null) {
      return out;
    }
    for (String n : names) {
      if (n == null || n.isBlank()) {
        continue;
      }
      String name = n.trim().toUpperCase(Locale.ROOT);
      if (name.startsWith("CAP_")) {
        name = name.substring(4);
      }
      try {
        out.add(Capability.valueOf(name));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("linuxParameters.capabilities: unknown capability "
            + n, e);
      }
    }
    return out;
  }
}
