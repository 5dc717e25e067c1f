package dev.backroom.config.validate;

import dev.backroom.config.constraint.ConstraintParser;
import dev.backroom.config.constraint.ConstraintSyntaxException;
import dev.backroom.config.model.DeploymentConfiguration;
import dev.backroom.config.model.PlacementConstraint;
import dev.backroom.config.model.PlacementStrategy;
import dev.backroom.config.model.Service;
import java.util.List;
import java.util.regex.Pattern;

/** Checks a service spec, parsing every placement expression. Pure. */
public final class ServiceValidator {
  /** The revision fits an int (the store's column): at most nine digits. */
  private static final Pattern TASK_DEF_REF =
      Pattern.compile("[A-Za-z0-9_-]{1,255}(:[1-9][0-9]{0,8})?");

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
          "must be family or family:revision (revision 1 to 999999999)");
    }
    if (s.schedulingStrategy() != null && !Service.REPLICA.equals(s.schedulingStrategy())
        && !Service.DAEMON.equals(s.schedulingStrategy())) {
      v.add("schedulingStrategy", "must be REPLICA or DAEMON");
    }
    if (s.desiredCount() == null && !s.isDaemon()) {
      v.add("desiredCount", "is required");
    } else {
      v.range(s.desiredCount(), 0, 10_000, "desiredCount");
    }
    if (s.launchType() != null && !Service.EXTERNAL.equals(s.launchType())) {
      v.add("launchType", "Backroom runs tasks on edge devices, which ECS calls EXTERNAL; use"
          + " EXTERNAL or leave it out");
    }
    if (s.cluster() != null) {
      v.require(TaskDefinitionValidator.NAME.matcher(s.cluster()).matches(), "cluster",
          "may hold only letters, digits, '-' and '_' (1-255 characters)");
    }
    validateStrategies(s.placementStrategy(), v);
    validateDeployment(s.deploymentConfiguration(), v);
    v.range(s.healthCheckGracePeriodSeconds(), 0, 3600, "healthCheckGracePeriodSeconds");
    List<PlacementConstraint> cs = s.constraints();
    for (int i = 0; i < cs.size(); i++) {
      validateConstraint(cs.get(i), "placementConstraints[" + i + "]", v);
    }
    return v.list();
  }

  private static void validateStrategies(List<PlacementStrategy> strategies, Violations v) {
    if (strategies == null) {
      return;
    }
    for (int i = 0; i < strategies.size(); i++) {
      String p = "placementStrategy[" + i + "]";
      PlacementStrategy ps = strategies.get(i);
      if (ps == null || ps.type() == null) {
        v.add(p + ".type", "is required: spread or binpack");
      } else if (ps.type().equals(PlacementStrategy.SPREAD)) {
        boolean ok = ps.field() == null || ps.field().equals(PlacementStrategy.INSTANCE_ID)
            || ps.field().equals("host") || (ps.field().startsWith("attribute:")
            && ps.field().length() > "attribute:".length());
        v.require(ok, p + ".field", "spread needs instanceId or attribute:NAME");
      } else if (ps.type().equals(PlacementStrategy.BINPACK)) {
        v.require(PlacementStrategy.MEMORY.equals(ps.field()) || PlacementStrategy.CPU.equals(ps.field()),
            p + ".field", "binpack needs memory or cpu");
      } else {
        v.add(p + ".type", "unknown strategy '" + ps.type() + "'; use spread or binpack");
      }
    }
  }

  private static void validateDeployment(DeploymentConfiguration d, Violations v) {
    if (d == null) {
      return;
    }
    String p = "deploymentConfiguration";
    v.range(d.minimumHealthyPercent(), 0, 100, p + ".minimumHealthyPercent");
    v.range(d.maximumPercent(), 100, 200, p + ".maximumPercent");
    if (d.deploymentCircuitBreaker() != null) {
      v.range(d.deploymentCircuitBreaker().failureThreshold(), 1, 100,
          p + ".deploymentCircuitBreaker.failureThreshold");
    }
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
