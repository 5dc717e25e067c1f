package dev.backroom.hub.core.scheduler;

import dev.backroom.config.constraint.ConstraintExpression;
import dev.backroom.config.constraint.ConstraintParser;
import dev.backroom.config.constraint.ConstraintSyntaxException;
import dev.backroom.config.model.DeviceAttributes;
import dev.backroom.config.model.PlacementConstraint;
import dev.backroom.config.model.RuntimePlatform;
import dev.backroom.config.model.TaskDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A {@link PlacementRequest} prepared once for the check chain: resources summed, host ports
 * listed and {@code memberOf} expressions parsed, so evaluating it against many devices costs no
 * parsing. Every placement goes through here (replicas, daemons through
 * {@link Scheduler#mismatch}, tasks outside services), so this is where the task definition's own
 * placement rules join the caller's: its {@code placementConstraints} and its
 * {@code runtimePlatform}, all of which must hold together with the request's (AND), as in ECS.
 */
record TaskRequest(
    PlacementRequest request,
    int cpuUnits,
    long memoryMiB,
    int gpus,
    List<MemberOf> memberOf,
    boolean distinctInstance,
    List<HostPort> hostPorts) {

  static final String TASK_DEFINITION = "task definition";
  static final String RUNTIME_PLATFORM = "runtimePlatform";

  /**
   * A {@code memberOf} constraint; {@code error} is set instead of {@code expression} when the
   * constraint cannot be evaluated, which makes the task infeasible everywhere rather than
   * silently ignoring what the operator asked for. {@code origin} is null for the request's own
   * constraints, else where the constraint came from, for the reason.
   */
  record MemberOf(String text, ConstraintExpression expression, String error, String origin) {
    MemberOf(String text, ConstraintExpression expression, String error) {
      this(text, expression, error, null);
    }
  }

  static TaskRequest of(PlacementRequest request) {
    TaskDefinition td = request.taskDefinition();
    List<MemberOf> memberOf = new ArrayList<>();
    boolean distinct = false;
    for (PlacementConstraint c : request.constraints()) {
      if (c == null) {
        continue;
      }
      String type = c.type() == null ? "" : c.type();
      switch (type) {
        case PlacementConstraint.DISTINCT_INSTANCE, PlacementConstraint.DISTINCT_DEVICE ->
            distinct = true;
        case PlacementConstraint.MEMBER_OF -> memberOf.add(parse(c.expression(), null));
        default -> memberOf.add(new MemberOf(type, null,
            "constraint type '" + type + "' not supported"));
      }
    }
    if (td != null) {
      addTaskLevel(td, memberOf);
    }
    return new TaskRequest(
        request,
        td == null ? 0 : td.requiredCpuUnits(),
        td == null ? 0 : td.requiredMemoryMiB(),
        td == null ? 0 : td.requiredGpus(),
        List.copyOf(memberOf),
        distinct,
        HostPort.of(td));
  }

  /** The task definition's constraints: ECS allows only memberOf there, so any other refuses. */
  private static void addTaskLevel(TaskDefinition td, List<MemberOf> out) {
    for (PlacementConstraint c : td.taskPlacementConstraints()) {
      if (c == null) {
        continue;
      }
      if (PlacementConstraint.MEMBER_OF.equals(c.type())) {
        out.add(parse(c.expression(), TASK_DEFINITION));
      } else {
        out.add(new MemberOf(String.valueOf(c.type()), null, "task definition constraint type '"
            + c.type() + "' not supported: only memberOf", TASK_DEFINITION));
      }
    }
    RuntimePlatform rp = td.runtimePlatform();
    if (rp == null) {
      return;
    }
    if (rp.cpuArchitecture() != null) {
      String arch = switch (rp.cpuArchitecture().toUpperCase(Locale.ROOT)) {
        case "X86_64" -> "x86_64";
        case "ARM64" -> "arm64";
        default -> null;
      };
      out.add(arch == null
          ? new MemberOf(rp.cpuArchitecture(), null, "runtimePlatform cpuArchitecture '"
              + rp.cpuArchitecture() + "' not supported: X86_64 or ARM64", RUNTIME_PLATFORM)
          : parse("attribute:" + DeviceAttributes.CPU_ARCHITECTURE + " == " + arch,
              RUNTIME_PLATFORM + " " + rp.cpuArchitecture()));
    }
    // Every device runs Linux, so LINUX holds everywhere; anything else holds nowhere.
    String os = rp.operatingSystemFamily();
    if (os != null && !"LINUX".equalsIgnoreCase(os)) {
      out.add(new MemberOf(os, null, "runtimePlatform operatingSystemFamily '" + os
          + "' not supported: devices run LINUX", RUNTIME_PLATFORM));
    }
  }

  private static MemberOf parse(String text, String origin) {
    if (text == null) {
      return new MemberOf("memberOf", null, "memberOf constraint without an expression"
          + (origin == null ? "" : " (" + origin + ")"), origin);
    }
    try {
      return new MemberOf(text, ConstraintParser.parse(text), null, origin);
    } catch (ConstraintSyntaxException e) {
      return new MemberOf(text, null, "constraint " + text + " invalid: " + e.getMessage()
          + (origin == null ? "" : " (" + origin + ")"), origin);
    }
  }

  String serviceName() {
    return request.serviceName();
  }

  /** Who holds this task's host ports once placed, in the words of an unplaced reason. */
  String holder() {
    String key = request.serviceName();
    if (key != null && key.startsWith(PlacementRequest.GROUP_KEY_PREFIX)) {
      // Not a task yet: one placed earlier in the same RunTask, which has no id until written.
      return "another task of group " + key.substring(PlacementRequest.GROUP_KEY_PREFIX.length())
          + " in this request";
    }
    return PlacementRequest.holder(key, request.requestId());
  }
}
