package dev.backroom.agent;

import dev.backroom.config.model.DeviceAttributes;
import java.lang.management.ManagementFactory;

/** What the agent detects about its host when no flag overrides it. */
final class HostInfo {
  private HostInfo() {}

  /** ECS architecture name of this JVM's host, e.g. x86_64 or arm64. */
  static String arch() {
    return DeviceAttributes.ecsArchitecture(System.getProperty("os.arch"));
  }

  static int cpus() {
    return Runtime.getRuntime().availableProcessors();
  }

  /** Physical memory in MiB, as the JVM sees it (container limits included). */
  static long memoryMiB() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return Math.max(1, os.getTotalMemorySize() / (1024 * 1024));
    }
    return 1;
  }

  /** The jar's Implementation-Version, or "dev" when run from classes. */
  static String agentVersion() {
    String v = HostInfo.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }
}
