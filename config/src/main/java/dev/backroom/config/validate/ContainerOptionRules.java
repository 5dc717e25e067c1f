package dev.backroom.config.validate;

import dev.backroom.config.ecs.EcsFields;
import dev.backroom.config.model.ContainerDefinition;
import dev.backroom.config.model.EnvironmentFile;
import dev.backroom.config.model.HostEntry;
import dev.backroom.config.model.LogConfiguration;
import dev.backroom.config.model.SystemControl;
import dev.backroom.config.model.TaskDefinition;
import dev.backroom.config.model.Ulimit;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The container options Docker would refuse at create or start time, refused at registration
 * instead with their path, so a bad definition never reaches a device. The rules follow ECS's
 * where ECS has one (stopTimeout at most 120 s, ten environment files) and Docker's otherwise
 * (hostname and DNS conflict with host networking).
 */
final class ContainerOptionRules {
  /** Docker's ulimit names ({@code man setrlimit} without RLIMIT_). */
  static final Set<String> ULIMITS = Set.of("core", "cpu", "data", "fsize", "locks", "memlock",
      "msgqueue", "nice", "nofile", "nproc", "rss", "rtprio", "rttime", "sigpending", "stack");
  /** Backroom's own container labels; a task's dockerLabels may not set them. */
  public static final String RESERVED_LABEL_PREFIX = "backroom.";
  private static final Pattern USER = Pattern.compile("[A-Za-z0-9_.-]{1,64}(:[A-Za-z0-9_.-]{1,64})?");
  private static final Pattern HOSTNAME = Pattern.compile(
      "(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}"
          + "[A-Za-z0-9])?)*");
  private static final Pattern SECURITY_OPT = Pattern.compile(
      "no-new-privileges(:true|=true)?|(apparmor|label|seccomp)[:=].+");
  private static final int MAX_ENV_FILES = 10;
  /** Docker's namespaced sysctls; runc refuses the others when the container starts. */
  private static final Pattern NAMESPACED_SYSCTL = Pattern.compile(
      "net\\..+|fs\\.mqueue\\..+|kernel\\.(msgmax|msgmnb|msgmni|sem|shmall|shmmax|shmmni"
          + "|shm_rmid_forced)");
  static final int MAX_STOP_TIMEOUT = 120;

  private ContainerOptionRules() {}

  static void validate(TaskDefinition td, ContainerDefinition c, String p, Violations v) {
    boolean host = TaskDefinition.HOST.equals(td.effectiveNetworkMode());
    v.range(c.startTimeout(), 1, 3600, p + ".startTimeout");
    v.range(c.stopTimeout(), 0, MAX_STOP_TIMEOUT, p + ".stopTimeout");
    if (c.user() != null) {
      v.require(USER.matcher(c.user()).matches(), p + ".user",
          "must be user, uid, user:group or uid:gid");
    }
    if (c.workingDirectory() != null) {
      v.require(c.workingDirectory().startsWith("/"), p + ".workingDirectory",
          "must be an absolute path");
    }
    validateEnvironmentFiles(c.environmentFiles(), p + ".environmentFiles", v);
    validateUlimits(c.ulimits(), p + ".ulimits", v);
    validateLabels(c.dockerLabels(), p + ".dockerLabels", v);
    if (c.hostname() != null) {
      v.require(!host, p + ".hostname", "a host-mode container has the device's hostname"
          + " (Docker refuses both); leave it out or use bridge");
      v.require(HOSTNAME.matcher(c.hostname()).matches(), p + ".hostname",
          "must be a valid host name");
    }
    validateExtraHosts(c.extraHosts(), p + ".extraHosts", v);
    validateDns(c, host, p, v);
    validateSysctls(c.systemControls(), host, p + ".systemControls", v);
    List<String> opts = c.dockerSecurityOptions();
    for (int i = 0; opts != null && i < opts.size(); i++) {
      String o = opts.get(i);
      v.require(o != null && SECURITY_OPT.matcher(o).matches(),
          p + ".dockerSecurityOptions[" + i + "]", "must be no-new-privileges, apparmor:PROFILE,"
              + " label:VALUE or seccomp:PROFILE (credentialspec is Windows-only)");
    }
    validateLog(c.logConfiguration(), p + ".logConfiguration", v);
    LinuxParameterRules.validate(c, p + ".linuxParameters", v);
  }

  private static void validateEnvironmentFiles(List<EnvironmentFile> files, String p,
      Violations v) {
    if (files == null) {
      return;
    }
    v.require(files.size() <= MAX_ENV_FILES, p, "at most " + MAX_ENV_FILES + " files");
    for (int i = 0; i < files.size(); i++) {
      EnvironmentFile f = files.get(i);
      String fp = p + "[" + i + "]";
      if (f == null || f.value() == null) {
        v.add(fp + ".value", "is required: the absolute path of a file on the device");
        continue;
      }
      if (f.value().startsWith("arn:")) {
        v.add(fp + ".value", "S3 is not reachable from a store device; copy the file onto the"
            + " device and give its absolute path");
      } else {
        v.require(f.value().startsWith("/") && !f.value().contains("\0"), fp + ".value",
            "must be the absolute path of a file on the device");
      }
      v.require(f.type() == null || "s3".equals(f.type()) || "file".equals(f.type()),
          fp + ".type", "must be file (or s3, ECS's only type, read as a device path)");
    }
  }

  private static void validateUlimits(List<Ulimit> ulimits, String p, Violations v) {
    Set<String> seen = new HashSet<>();
    for (int i = 0; ulimits != null && i < ulimits.size(); i++) {
      Ulimit u = ulimits.get(i);
      String up = p + "[" + i + "]";
      if (u == null || u.name() == null || !ULIMITS.contains(u.name())) {
        v.add(up + ".name", "must be one of " + ULIMITS.stream().sorted().toList());
        continue;
      }
      v.require(seen.add(u.name()), up + ".name", "ulimit " + u.name() + " is set twice");
      if (u.softLimit() == null || u.hardLimit() == null) {
        v.add(up, "softLimit and hardLimit are both required");
      } else {
        v.require(u.softLimit() >= -1 && u.hardLimit() >= -1, up,
            "limits must be -1 (unlimited) or more");
        v.require(unlimitedAsMax(u.softLimit()) <= unlimitedAsMax(u.hardLimit()),
            up + ".softLimit", "must not exceed hardLimit (" + u.hardLimit() + ")");
      }
    }
  }

  /** Docker reads -1 as unlimited. */
  private static long unlimitedAsMax(int limit) {
    return limit == -1 ? Long.MAX_VALUE : limit;
  }

  private static void validateLabels(Map<String, String> labels, String p, Violations v) {
    if (labels == null) {
      return;
    }
    for (Map.Entry<String, String> e : labels.entrySet()) {
      String k = e.getKey();
      if (k == null || k.isBlank()) {
        v.add(p, "label keys must not be empty");
      } else if (k.startsWith(RESERVED_LABEL_PREFIX)) {
        v.add(p + "." + k, "labels starting with " + RESERVED_LABEL_PREFIX + " are Backroom's"
            + " own (the agent finds its containers by them); use another prefix");
      }
      v.require(e.getValue() != null, p + "." + k, "must be a string");
    }
  }

  private static void validateExtraHosts(List<HostEntry> hosts, String p, Violations v) {
    for (int i = 0; hosts != null && i < hosts.size(); i++) {
      HostEntry h = hosts.get(i);
      String hp = p + "[" + i + "]";
      v.require(h != null && h.hostname() != null && HOSTNAME.matcher(h.hostname()).matches(),
          hp + ".hostname", "must be a valid host name");
      v.require(h != null && h.ipAddress() != null && PortRules.isIpLiteral(h.ipAddress()),
          hp + ".ipAddress", "must be an IPv4 or IPv6 address");
    }
  }

  private static void validateDns(ContainerDefinition c, boolean host, String p, Violations v) {
    List<String> servers = c.dnsServers();
    List<String> domains = c.dnsSearchDomains();
    boolean any = (servers != null && !servers.isEmpty()) || (domains != null && !domains.isEmpty());
    if (any && host) {
      v.add(p + (servers != null && !servers.isEmpty() ? ".dnsServers" : ".dnsSearchDomains"),
          "a host-mode container uses the device's resolver (Docker refuses both); leave it"
              + " out or use bridge");
    }
    for (int i = 0; servers != null && i < servers.size(); i++) {
      v.require(servers.get(i) != null && PortRules.isIpLiteral(servers.get(i)),
          p + ".dnsServers[" + i + "]", "must be an IPv4 or IPv6 address");
    }
    for (int i = 0; domains != null && i < domains.size(); i++) {
      v.require(domains.get(i) != null && HOSTNAME.matcher(domains.get(i)).matches(),
          p + ".dnsSearchDomains[" + i + "]", "must be a valid domain name");
    }
  }

  private static void validateSysctls(List<SystemControl> sysctls, boolean host, String p,
      Violations v) {
    for (int i = 0; sysctls != null && i < sysctls.size(); i++) {
      SystemControl s = sysctls.get(i);
      String sp = p + "[" + i + "]";
      if (s == null || s.namespace() == null || !s.namespace().matches("[a-z0-9_./-]+")) {
        v.add(sp + ".namespace", "is required, e.g. net.core.somaxconn");
        continue;
      }
      v.require(s.value() != null, sp + ".value", "is required");
      v.require(NAMESPACED_SYSCTL.matcher(s.namespace()).matches(), sp + ".namespace",
          "only namespaced kernel parameters can be set per container (net.*, fs.mqueue.*,"
              + " kernel.msg*, kernel.sem, kernel.shm*); set others on the device itself");
      v.require(!(host && s.namespace().startsWith("net.")), sp + ".namespace",
          "a host-mode container shares the device's network namespace, whose settings a"
              + " task may not change; use bridge");
    }
  }

  private static void validateLog(LogConfiguration l, String p, Violations v) {
    if (l == null) {
      return;
    }
    if (l.logDriver() == null) {
      v.add(p + ".logDriver", "is required: json-file or local");
    } else if (!LogConfiguration.DRIVERS.contains(l.logDriver())) {
      v.add(p + ".logDriver", EcsFields.refusedValue("containerDefinitions[].logConfiguration"
          + ".logDriver", l.logDriver()).orElse("log driver '" + l.logDriver() + "' is not"
              + " available on Backroom devices; use json-file or local, which the on-site UI"
              + " and the log stream read"));
    }
    if (l.options() != null) {
      for (Map.Entry<String, String> e : l.options().entrySet()) {
        v.require(e.getKey() != null && !e.getKey().isBlank() && e.getValue() != null,
            p + ".options." + e.getKey(), "must be a non-empty key with a string value");
      }
    }
  }
}
