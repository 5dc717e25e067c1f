package dev.backroom.config.validate;

import dev.backroom.config.constraint.ConstraintParser;
import dev.backroom.config.constraint.ConstraintSyntaxException;
import dev.backroom.config.model.PlacementConstraint;
import dev.backroom.config.model.RuntimePlatform;
import dev.backroom.config.model.TaskDefinition;
import dev.backroom.config.model.Volume;
import dev.backroom.config.model.Volume.DockerVolumeConfiguration;
import java.util.List;
import java.util.Map;

/**
 * Task-level placement ({@code placementConstraints}, {@code runtimePlatform}) and Docker volume
 * configuration, with ECS's rules: a task definition may carry only memberOf constraints, at most
 * ten; autoprovision is for shared volumes only.
 */
final class TaskLevelRules {
  static final int MAX_CONSTRAINTS = 10;
  public static final List<String> ARCHITECTURES = List.of("X86_64", "ARM64");
  /** The agent names task-scoped volumes backroom-<taskId>-<volume>. */
  static final String RESERVED_VOLUME_PREFIX = "backroom-";

  private TaskLevelRules() {}

  static void validate(TaskDefinition td, Violations v) {
    List<PlacementConstraint> cs = td.taskPlacementConstraints();
    v.require(cs.size() <= MAX_CONSTRAINTS, "placementConstraints",
        "at most " + MAX_CONSTRAINTS + " constraints");
    for (int i = 0; i < cs.size(); i++) {
      PlacementConstraint c = cs.get(i);
      String p = "placementConstraints[" + i + "]";
      if (c == null || !PlacementConstraint.MEMBER_OF.equals(c.type())) {
        v.add(p + ".type", "a task definition takes memberOf constraints only (as in ECS); put"
            + " distinctInstance on the service");
        continue;
      }
      try {
        ConstraintParser.parse(c.expression());
      } catch (ConstraintSyntaxException e) {
        v.add(p + ".expression", "does not parse: " + e.getMessage());
      }
    }
    RuntimePlatform rp = td.runtimePlatform();
    if (rp != null) {
      v.require(rp.cpuArchitecture() == null || ARCHITECTURES.contains(rp.cpuArchitecture()),
          "runtimePlatform.cpuArchitecture", "must be X86_64 or ARM64");
      v.require(rp.operatingSystemFamily() == null || "LINUX".equals(rp.operatingSystemFamily()),
          "runtimePlatform.operatingSystemFamily", "Backroom devices run Linux containers; use"
              + " LINUX or leave it out");
    }
    List<Volume> volumes = td.volumes();
    for (int i = 0; volumes != null && i < volumes.size(); i++) {
      Volume vol = volumes.get(i);
      if (vol != null && vol.dockerVolumeConfiguration() != null) {
        dockerVolume(vol, "volumes[" + i + "]", v);
      }
    }
  }

  private static void dockerVolume(Volume vol, String p, Violations v) {
    DockerVolumeConfiguration d = vol.dockerVolumeConfiguration();
    String dp = p + ".dockerVolumeConfiguration";
    v.require(vol.host() == null, p, "host and dockerVolumeConfiguration exclude each other;"
        + " keep one");
    v.require(d.scope() == null || DockerVolumeConfiguration.TASK.equals(d.scope())
        || DockerVolumeConfiguration.SHARED.equals(d.scope()), dp + ".scope",
        "must be task or shared");
    v.require(!Boolean.TRUE.equals(d.autoprovision()) || vol.isShared(), dp + ".autoprovision",
        "applies to shared volumes only (a task volume is always created with the task)");
    v.require(d.driver() == null || "local".equals(d.driver()), dp + ".driver",
        "only the local driver is on a device; use local or leave it out");
    checkMap(d.driverOpts(), dp + ".driverOpts", v);
    checkMap(d.labels(), dp + ".labels", v);
    if (vol.isShared() && vol.name() != null) {
      v.require(!vol.name().startsWith(RESERVED_VOLUME_PREFIX), p + ".name",
          "a shared volume is the Docker volume of that name, and names starting with "
              + RESERVED_VOLUME_PREFIX + " are Backroom's task volumes; choose another name");
    }
  }

  private static void checkMap(Map<String, String> m, String p, Violations v) {
    if (m == null) {
      return;
    }
    for (Map.Entry<String, String> e : m.entrySet()) {
      v.require(e.getKey() != null && !e.getKey().isBlank() && e.getValue() != null,
          p + "." + e.getKey(), "must be a non-empty key with a string value");
    }
  }
}
