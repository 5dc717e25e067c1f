package dev.backroom.config.validate;

import dev.backroom.config.model.ContainerDefinition;
import dev.backroom.config.model.LinuxParameters;
import dev.backroom.config.model.LinuxParameters.Device;
import dev.backroom.config.model.LinuxParameters.Tmpfs;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** ECS {@code linuxParameters}: capabilities, devices, shm, tmpfs, swap. */
final class LinuxParameterRules {
  /** ECS's capability list (KernelCapabilities), which Docker accepts with or without CAP_. */
  static final Set<String> CAPABILITIES = Set.of("ALL", "AUDIT_CONTROL", "AUDIT_WRITE",
      "BLOCK_SUSPEND", "CHOWN", "DAC_OVERRIDE", "DAC_READ_SEARCH", "FOWNER", "FSETID",
      "IPC_LOCK", "IPC_OWNER", "KILL", "LEASE", "LINUX_IMMUTABLE", "MAC_ADMIN", "MAC_OVERRIDE",
      "MKNOD", "NET_ADMIN", "NET_BIND_SERVICE", "NET_BROADCAST", "NET_RAW", "SETFCAP", "SETGID",
      "SETPCAP", "SETUID", "SYS_ADMIN", "SYS_BOOT", "SYS_CHROOT", "SYS_MODULE", "SYS_NICE",
      "SYS_PACCT", "SYS_PTRACE", "SYS_RAWIO", "SYS_RESOURCE", "SYS_TIME", "SYS_TTY_CONFIG",
      "SYSLOG", "WAKE_ALARM");
  private static final Pattern MOUNT_OPTION = Pattern.compile("[a-z0-9_=+-]{1,64}");

  private LinuxParameterRules() {}

  static void validate(ContainerDefinition c, String p, Violations v) {
    LinuxParameters lp = c.linuxParameters();
    if (lp == null) {
      return;
    }
    if (lp.capabilities() != null) {
      capabilities(lp.capabilities().add(), p + ".capabilities.add", v);
      capabilities(lp.capabilities().drop(), p + ".capabilities.drop", v);
    }
    List<Device> devices = lp.devices();
    for (int i = 0; devices != null && i < devices.size(); i++) {
      Device d = devices.get(i);
      String dp = p + ".devices[" + i + "]";
      v.require(d != null && d.hostPath() != null && d.hostPath().startsWith("/"),
          dp + ".hostPath", "is required: the absolute path of a device node on the device");
      v.require(d == null || d.containerPath() == null || d.containerPath().startsWith("/"),
          dp + ".containerPath", "must be an absolute path");
      List<String> perms = d == null ? null : d.permissions();
      for (int j = 0; perms != null && j < perms.size(); j++) {
        v.require(Device.PERMISSIONS.contains(perms.get(j)), dp + ".permissions[" + j + "]",
            "must be read, write or mknod");
      }
    }
    v.range(lp.sharedMemorySize(), 1, 1 << 20, p + ".sharedMemorySize");
    List<Tmpfs> tmpfs = lp.tmpfs();
    for (int i = 0; tmpfs != null && i < tmpfs.size(); i++) {
      Tmpfs t = tmpfs.get(i);
      String tp = p + ".tmpfs[" + i + "]";
      v.require(t != null && t.containerPath() != null && t.containerPath().startsWith("/"),
          tp + ".containerPath", "must be an absolute path");
      if (t == null || t.size() == null) {
        v.add(tp + ".size", "is required (MiB)");
      } else {
        v.range(t.size(), 1, 1 << 20, tp + ".size");
      }
      List<String> opts = t == null ? null : t.mountOptions();
      for (int j = 0; opts != null && j < opts.size(); j++) {
        v.require(opts.get(j) != null && MOUNT_OPTION.matcher(opts.get(j)).matches(),
            tp + ".mountOptions[" + j + "]", "must be a mount option such as noexec or"
                + " mode=1777");
      }
    }
    if (lp.maxSwap() != null) {
      v.require(lp.maxSwap() >= 0, p + ".maxSwap", "must not be negative");
      v.require(c.memory() != null, p + ".maxSwap", "needs the container's memory (the hard"
          + " limit swap is added to)");
    }
    v.range(lp.swappiness(), 0, 100, p + ".swappiness");
  }

  private static void capabilities(List<String> caps, String p, Violations v) {
    for (int i = 0; caps != null && i < caps.size(); i++) {
      String cap = caps.get(i) == null ? "" : caps.get(i).replaceFirst("^CAP_", "");
      v.require(CAPABILITIES.contains(cap), p + "[" + i + "]", "unknown capability '"
          + caps.get(i) + "'; use a Linux capability name such as NET_ADMIN");
    }
  }
}
