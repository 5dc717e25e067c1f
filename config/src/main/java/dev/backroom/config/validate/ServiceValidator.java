package dev.backroom.config.validate;

import dev.backroom.config.constraint.ConstraintParser;
import dev.backroom.config.constraint.ConstraintSyntaxException;
import dev.backroom.config.model.PlacementConstraint;
import dev.backroom.config.model.Service;
import java.util.List;
import java.util.regex.Pattern;

/** Checks a service spec, parsing every placement expression. Pure. */
public final class ServiceValidator {
  private static final Pattern TASK_DEF_REF = Pattern.compile("[A-Za-z0-9_-]{1,255}(:[1-9][0-9]*)?");

  private ServiceValidator() {}

  public static List<Violation> validate(Service s) {
    Violations v = new Violations();
    if (s == null) {
      v.add("$", "service is required");
      return v.list();
    }
    if (s.serviceName() == null || s.serviceName().isBlank()) {
      v.add("serviceName", "is required");
    } else {
      v.require(TaskDefinitionValidator.NAME.matcher(s.serviceName()).matches(), "serviceName",
          "may hold only letters, digits, '-' and '_' (1-255 characters)");
    }
    if (s.taskDefinition() == null || s.taskDefinition().isBlank()) {
      v.add("taskDefinition", "is required");
    } else {
      v.require(TASK_DEF_REF.matcher(s.taskDefinition()).matches(), "taskDefinition",
          "must be family or family:revision");
    }
    if (s.desiredCount() == null) {
      v.add("desiredCount", "is required");
    } else {
      v.range(s.desiredCount(), 0, 10_000, "desiredCount");
    }
    List<PlacementConstraint> cs = s.constraints();
    for (int i = 0; i < cs.size(); i++) {
      validateConstraint(cs.get(i), "placementConstraints[" + i + "]", v);
    }
    return v.list();
  }

  private static void validateConstraint(PlacementConstraint c, String p, Violations v) {
    if (c == null || c.type() == null) {
      v.add(p + ".type", "is required: memberOf or distinctInstance");
      return;
    }
    switch (c.type()) {
      case PlacementConstraint.MEMBER_OF -> {
        try {
          ConstraintParser.parse(c.expression());
        } catch (ConstraintSyntaxException e) {
          v.add(p + ".expression", "does not parse: " + e.getMessage());
        }
      }
      case PlacementConstraint.DISTINCT_INSTANCE, PlacementConstraint.DISTINCT_DEVICE ->
          v.require(c.expression() == null, p + ".expression", "is not allowed for " + c.type());
      default -> v.add(p + ".type", "unknown constraint type '" + c.type()
          + "'; use memberOf or distinctInstance");
    }
  }
}
