package dev.backroom.hub.core.scheduler;

import dev.backroom.config.constraint.ConstraintExpression;
import dev.backroom.config.model.DeviceAttributes;

/** Every {@code memberOf} expression must hold on the device's attributes. */
final class MemberOfCheck implements FeasibilityCheck {
  @Override
  public String check(TaskRequest task, DeviceLoad load) {
    for (TaskRequest.MemberOf m : task.memberOf()) {
      if (m.error() != null) {
        return m.error();
      }
      if (!m.expression().test(load.device().attributes())) {
        return reason(m);
      }
    }
    return null;
  }

  /**
   * The architecture is the constraint operators meet most, so it gets the shortest words. A
   * constraint the task definition brought says so: the service's own do not show it.
   */
  private static String reason(TaskRequest.MemberOf m) {
    String from = m.origin() == null ? "" : " (" + m.origin() + ")";
    if (m.expression() instanceof ConstraintExpression.Compare c
        && c.op().equals("==")
        && c.attribute().equals(DeviceAttributes.CPU_ARCHITECTURE)) {
      return "arch " + c.value() + " required" + from;
    }
    return "constraint " + m.text() + " not met" + from;
  }
}
