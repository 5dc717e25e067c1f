package dev.backroom.config.validate;

import dev.backroom.config.ecs.EcsFields;
import dev.backroom.config.model.ContainerDefinition;
import dev.backroom.config.model.HealthCheck;
import dev.backroom.config.model.KeyValuePair;
import dev.backroom.config.model.MountPoint;
import dev.backroom.config.model.ResourceRequirement;
import dev.backroom.config.model.RestartPolicy;
import dev.backroom.config.model.TaskDefinition;
import dev.backroom.config.model.Volume;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Checks a task definition against ECS's rules and Backroom's limits. Pure. */
public final class TaskDefinitionValidator {
  /** Docker refuses hard limits under 6 MiB; ECS uses the same floor. */
  public static final int MIN_MEMORY_MIB = 6;

  private static final int MAX_TAGS = 50;
  private static final int MAX_ARN = 2048;
  static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,255}");

  private TaskDefinitionValidator() {}

  /** The fields with no effect at the edge still have ECS's rules, so they round-trip to ECS. */
  private static void validateStoredOnly(TaskDefinition td, Violations v) {
    List<String> compat = td.requiresCompatibilities();
    for (int i = 0; compat != null && i < compat.size(); i++) {
      String c = compat.get(i);
      if (!TaskDefinition.EXTERNAL.equals(c)) {
        String p = "requiresCompatibilities[" + i + "]";
        v.add(p, c == null ? "must be EXTERNAL" : EcsFields.refusedValue(
            "requiresCompatibilities", c).orElse("unknown compatibility '" + c
            + "'; use EXTERNAL"));
      }
    }
    List<TaskDefinition.Tag> tags = td.tags();
    v.require(tags == null || tags.size() <= MAX_TAGS, "tags", "at most " + MAX_TAGS + " tags");
    for (int i = 0; tags != null && i < tags.size(); i++) {
      TaskDefinition.Tag t = tags.get(i);
      String p = "tags[" + i + "]";
      if (t == null || t.key() == null || t.key().isEmpty()) {
        v.add(p + ".key", "is required");
      } else {
        v.require(t.key().length() <= 128, p + ".key", "at most 128 characters");
      }
      v.require(t == null || t.value() == null || t.value().length() <= 256, p + ".value",
          "at most 256 characters");
    }
    v.require(td.taskRoleArn() == null || td.taskRoleArn().length() <= MAX_ARN, "taskRoleArn",
        "at most " + MAX_ARN + " characters");
    v.require(td.executionRoleArn() == null || td.executionRoleArn().length() <= MAX_ARN,
        "executionRoleArn", "at most " + MAX_ARN + " characters");
  }

  public static List<Violation> validate(TaskDefinition td) {
    Violations v = new Violations();
    if (td == null) {
      v.add("$", "task definition is required");
      return v.list();
    }
    if (td.family() == null || td.family().isBlank()) {
      v.add("family", "is required");
    } else {
      v.require(NAME.matcher(td.family()).matches(), "family",
          "may hold only letters, digits, '-' and '_' (1-255 characters)");
    }
    if (td.revision() != null) {
      v.require(td.revision() >= 1, "revision", "must be 1 or more");
    }
    boolean knownMode = td.networkMode() == null
        || TaskDefinition.NETWORK_MODES.contains(td.networkMode());
    if (!knownMode) {
      v.add("networkMode", EcsFields.refusedValue("networkMode", td.networkMode())
          .orElse("unknown network mode '" + td.networkMode() + "'; Backroom devices support "
              + TaskDefinition.NETWORK_MODES));
    }
    validateStoredOnly(td, v);
    if (td.memory() != null) {
      v.require(td.memory() >= MIN_MEMORY_MIB, "memory",
          "must be at least " + MIN_MEMORY_MIB + " MiB but is " + td.memory());
    }
    if (td.cpu() != null) {
      v.require(td.cpu() >= 0, "cpu", "must not be negative");
    }
    Set<String> volumeNames = validateVolumes(td.volumes(), v);
    List<ContainerDefinition> containers = td.containerDefinitions();
    if (containers == null || containers.isEmpty()) {
      v.add("containerDefinitions", "at least one container is required");
      return v.list();
    }
    Set<String> names = new HashSet<>();
    boolean anyEssential = false;
    for (int i = 0; i < containers.size(); i++) {
      String p = "containerDefinitions[" + i + "]";
      ContainerDefinition c = containers.get(i);
      if (c == null) {
        v.add(p, "must be an object");
        continue;
      }
      anyEssential |= c.isEssential();
      if (c.name() != null && !names.add(c.name())) {
        v.add(p + ".name", "duplicate container name '" + c.name() + "'");
      }
      validateContainer(c, p, td.memory() != null, volumeNames, v);
      ContainerOptionRules.validate(td, c, p, v);
    }
    v.require(anyEssential, "containerDefinitions", "at least one container must be essential");
    if (knownMode) {
      PortRules.validate(td, v);
    }
    DependencyRules.validate(td, v);
    TaskLevelRules.validate(td, v);
    return v.list();
  }

  private static Set<String> validateVolumes(List<Volume> volumes, Violations v) {
    Set<String> names = new HashSet<>();
    if (volumes == null) {
      return names;
    }
    for (int i = 0; i < volumes.size(); i++) {
      String p = "volumes[" + i + "]";
      Volume vol = volumes.get(i);
      if (vol == null || vol.name() == null || vol.name().isBlank()) {
        v.add(p + ".name", "is required");
        continue;
      }
      v.require(NAME.matcher(vol.name()).matches(), p + ".name",
          "may hold only letters, digits, '-' and '_' (1-255 characters), as in ECS");
      if (!names.add(vol.name())) {
        v.add(p + ".name", "duplicate volume name '" + vol.name() + "'");
      }
      if (vol.host() != null && (vol.host().sourcePath() == null
          || !vol.host().sourcePath().startsWith("/"))) {
        v.add(p + ".host.sourcePath", "must be an absolute path");
      }
    }
    return names;
  }

  private static void validateContainer(ContainerDefinition c, String p, boolean taskMemory,
      Set<String> volumeNames, Violations v) {
    if (c.name() == null || c.name().isBlank()) {
      v.add(p + ".name", "is required");
    } else {
      v.require(NAME.matcher(c.name()).matches(), p + ".name",
          "may hold only letters, digits, '-' and '_' (1-255 characters)");
    }
    if (c.image() == null || c.image().isBlank()) {
      v.add(p + ".image", "is required");
    }
    if (c.memory() != null && c.memory() < MIN_MEMORY_MIB) {
      v.add(p + ".memory", "must be at least " + MIN_MEMORY_MIB + " MiB but is " + c.memory());
    }
    if (c.memoryReservation() != null && c.memoryReservation() < MIN_MEMORY_MIB) {
      v.add(p + ".memoryReservation",
          "must be at least " + MIN_MEMORY_MIB + " MiB but is " + c.memoryReservation());
    }
    if (c.memory() != null && c.memoryReservation() != null
        && c.memoryReservation() > c.memory()) {
      v.add(p + ".memoryReservation", "must not exceed memory (" + c.memory() + " MiB)");
    }
    if (!taskMemory && c.memory() == null && c.memoryReservation() == null) {
      v.add(p + ".memory",
          "memory or memoryReservation is required when the task sets no memory");
    }
    if (c.cpu() != null && c.cpu() < 0) {
      v.add(p + ".cpu", "must not be negative");
    }
    validateResources(c.resourceRequirements(), p, v);
    validateEnvironment(c.environment(), p, v);
    validateMounts(c.mountPoints(), p, volumeNames, v);
    validateHealthCheck(c.healthCheck(), p + ".healthCheck", v);
    validateRestart(c.restartPolicy(), p + ".restartPolicy", v);
  }

  private static void validateResources(List<ResourceRequirement> reqs, String p, Violations v) {
    if (reqs == null) {
      return;
    }
    for (int i = 0; i < reqs.size(); i++) {
      String rp = p + ".resourceRequirements[" + i + "]";
      ResourceRequirement r = reqs.get(i);
      if (r == null || !ResourceRequirement.GPU.equals(r.type())) {
        v.add(rp + ".type", "only GPU is supported");
        continue;
      }
      try {
        v.require(Integer.parseInt(r.value()) >= 1, rp + ".value", "must be a GPU count of 1 or more");
      } catch (NumberFormatException e) {
        v.add(rp + ".value", "must be a whole number of GPUs but is '" + r.value() + "'");
      }
    }
  }

  private static void validateEnvironment(List<KeyValuePair> env, String p, Violations v) {
    if (env == null) {
      return;
    }
    for (int i = 0; i < env.size(); i++) {
      KeyValuePair kv = env.get(i);
      if (kv == null || kv.name() == null || kv.name().isBlank() || kv.name().contains("=")) {
        v.add(p + ".environment[" + i + "].name", "is required and may not contain '='");
      }
    }
  }

  private static void validateMounts(List<MountPoint> mounts, String p, Set<String> volumes,
      Violations v) {
    if (mounts == null) {
      return;
    }
    for (int i = 0; i < mounts.size(); i++) {
      String mp = p + ".mountPoints[" + i + "]";
      MountPoint m = mounts.get(i);
      if (m == null || m.sourceVolume() == null || !volumes.contains(m.sourceVolume())) {
        v.add(mp + ".sourceVolume", "must name a volume of the task");
      }
      if (m == null || m.containerPath() == null || !m.containerPath().startsWith("/")) {
        v.add(mp + ".containerPath", "must be an absolute path");
      }
    }
  }

  private static void validateHealthCheck(HealthCheck h, String p, Violations v) {
    if (h == null) {
      return;
    }
    List<String> cmd = h.command();
    if (cmd == null || cmd.size() < 2 || !("CMD".equals(cmd.get(0)) || "CMD-SHELL".equals(cmd.get(0)))) {
      v.add(p + ".command", "must start with CMD or CMD-SHELL followed by the command");
    }
    v.range(h.interval(), 5, 300, p + ".interval");
    v.range(h.timeout(), 2, 60, p + ".timeout");
    v.range(h.retries(), 1, 10, p + ".retries");
    v.range(h.startPeriod(), 0, 300, p + ".startPeriod");
  }

  private static void validateRestart(RestartPolicy r, String p, Violations v) {
    if (r == null) {
      return;
    }
    if (r.policy() != null && !RestartPolicy.POLICIES.contains(r.policy())) {
      v.add(p + ".policy", "unknown policy '" + r.policy() + "'; use one of " + RestartPolicy.POLICIES);
    }
    if (r.maxAttempts() != null && r.maxAttempts() < 0) {
      v.add(p + ".maxAttempts", "must not be negative");
    }
    v.range(r.restartAttemptPeriod(), 60, 1800, p + ".restartAttemptPeriod");
  }
}
