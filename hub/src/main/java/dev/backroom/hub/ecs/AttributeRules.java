package dev.backroom.hub.ecs;

import dev.backroom.config.constraint.CustomAttributeRules;
import dev.backroom.ecs.wire.EcsError;

/** config's {@link CustomAttributeRules} answered as ECS does: InvalidParameterException. */
final class AttributeRules {
  private AttributeRules() {}

  static void checkName(String name, String path) {
    CustomAttributeRules.nameProblem(name, path).ifPresent(p -> {
      throw EcsError.invalidParameter(p);
    });
  }

  static void checkValue(String value, String path) {
    CustomAttributeRules.valueProblem(value, path).ifPresent(p -> {
      throw EcsError.invalidParameter(p);
    });
  }
}
