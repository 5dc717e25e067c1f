package dev.backroom.agent.runtime.docker;

import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.LogConfig;
import dev.backroom.config.model.ContainerDefinition;
import dev.backroom.config.model.HostEntry;
import dev.backroom.config.model.LogConfiguration;
import dev.backroom.config.model.SystemControl;
import dev.backroom.config.model.Ulimit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The container fields that are plain lists or maps in Docker's host config. Pure. */
final class HostConfigSpecs {
  private HostConfigSpecs() {}

  /** ulimits, extraHosts, dnsServers, dnsSearchDomains, systemControls, dockerSecurityOptions. */
  static void apply(HostConfig hc, ContainerDefinition c) {
    if (c.ulimits() != null && !c.ulimits().isEmpty()) {
      List<com.github.dockerjava.api.model.Ulimit> ul = new ArrayList<>();
      for (Ulimit u : c.ulimits()) {
        if (u != null && u.name() != null && u.softLimit() != null) {
          long hard = u.hardLimit() == null ? u.softLimit() : u.hardLimit();
          ul.add(new com.github.dockerjava.api.model.Ulimit(u.name(), (long) u.softLimit(), hard));
        }
      }
      hc.withUlimits(ul);
    }
    if (c.extraHosts() != null && !c.extraHosts().isEmpty()) {
      hc.withExtraHosts(c.extraHosts().stream().filter(h -> h != null && h.hostname() != null)
          .map(HostConfigSpecs::hostEntry).toArray(String[]::new));
    }
    if (c.dnsServers() != null && !c.dnsServers().isEmpty()) {
      hc.withDns(c.dnsServers());
    }
    if (c.dnsSearchDomains() != null && !c.dnsSearchDomains().isEmpty()) {
      hc.withDnsSearch(c.dnsSearchDomains());
    }
    if (c.systemControls() != null && !c.systemControls().isEmpty()) {
      Map<String, String> sysctls = new LinkedHashMap<>();
      for (SystemControl s : c.systemControls()) {
        if (s != null && s.namespace() != null) {
          sysctls.put(s.namespace(), s.value() == null ? "" : s.value());
        }
      }
      hc.withSysctls(sysctls);
    }
    if (c.dockerSecurityOptions() != null && !c.dockerSecurityOptions().isEmpty()) {
      hc.withSecurityOpts(c.dockerSecurityOptions());
    }
  }

  private static String hostEntry(HostEntry h) {
    return h.hostname() + ":" + (h.ipAddress() == null ? "" : h.ipAddress());
  }

  /** json-file or local with their options; null (the engine's default) without a config. */
  static LogConfig logConfig(LogConfiguration l) {
    if (l == null || l.logDriver() == null) {
      return null;
    }
    if (!LogConfiguration.DRIVERS.contains(l.logDriver())) {
      throw new IllegalArgumentException("logConfiguration.logDriver " + l.logDriver()
          + " is not available on a device (use json-file or local)");
    }
    return new LogConfig("local".equals(l.logDriver()) ? LogConfig.LoggingType.LOCAL
        : LogConfig.LoggingType.JSON_FILE,
        l.options() == null ? null : new LinkedHashMap<>(l.options()));
  }
}
