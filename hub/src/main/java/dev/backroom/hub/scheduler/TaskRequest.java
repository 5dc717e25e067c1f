package dev.backroom.hub.scheduler;

import dev.backroom.config.constraint.ConstraintExpression;
import dev.backroom.config.constraint.ConstraintParser;
import dev.backroom.config.constraint.ConstraintSyntaxException;
import dev.backroom.config.model.PlacementConstraint;
import dev.backroom.config.model.TaskDefinition;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link PlacementRequest} prepared once for the check chain: resources summed and
 * {@code memberOf} expressions parsed, so evaluating it against many devices costs no parsing.
 */
record TaskRequest(
    PlacementRequest request,
    int cpuUnits,
    long memoryMiB,
    int gpus,
    List<MemberOf> memberOf,
    boolean distinctInstance) {

  /**
   * A {@code memberOf} constraint; {@code error} is set instead of {@code expression} when the
   * constraint cannot be evaluated, which makes the task infeasible everywhere rather than
   * silently ignoring what the operator asked for.
   */
  record MemberOf(String text, ConstraintExpression expression, String error) {}

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
        case PlacementConstraint.MEMBER_OF -> memberOf.add(parse(c.expression()));
        default -> memberOf.add(new MemberOf(type, null,
            "constraint type '" + type + "' not supported"));
      }
    }
    return new TaskRequest(
        request,
        td == null ? 0 : td.requiredCpuUnits(),
        td == null ? 0 : td.requiredMemoryMiB(),
        td == null ? 0 : td.requiredGpus(),
        List.copyOf(memberOf),
        distinct);
  }

  private static MemberOf parse(String text) {
    try {
      return new MemberOf(text, ConstraintParser.parse(text), null);
    } catch (ConstraintSyntaxException e) {
      return new MemberOf(text, null, "constraint " + text + " invalid: " + e.getMessage());
    }
  }

  String serviceName() {
    return request.serviceName();
  }
}
