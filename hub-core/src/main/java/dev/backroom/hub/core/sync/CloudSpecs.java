package dev.backroom.hub.core.sync;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backroom.config.json.SpecReader;
import dev.backroom.config.model.Service;
import dev.backroom.config.model.TaskDefinition;
import dev.backroom.config.validate.Violation;
import dev.backroom.sync.wire.DesiredChange;
import dev.backroom.sync.wire.DesiredKind;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Reads cloud specs with the same validators as the hub's API. The cloud validated them already;
 * this guards against version skew and names every violation when it happens.
 */
public final class CloudSpecs {
  private CloudSpecs() {}

  /** Why {@code c} cannot be applied, or empty. */
  public static Optional<String> problem(DesiredChange c) {
    return switch (c.kind()) {
      case TASK_DEFINITION -> taskDefinitionProblem(c.name(), c.spec());
      case SERVICE -> serviceProblem(c.name(), c.spec());
      case TASK -> CloudTaskSpec.read(c.name(), c.spec()).problem();
      case DEVICE_ATTRIBUTES -> CloudAttributesSpec.read(c.name(), c.spec()).problem();
    };
  }

  public static TaskDefinition taskDefinition(JsonNode spec) {
    return SpecReader.taskDefinition(spec.toString()).value();
  }

  public static Service service(JsonNode spec) {
    return SpecReader.service(spec.toString()).value();
  }

  private static Optional<String> taskDefinitionProblem(String name, JsonNode spec) {
    SpecReader.Result<TaskDefinition> r = SpecReader.taskDefinition(spec.toString());
    if (!r.ok()) {
      return Optional.of(describe(r.violations()));
    }
    if (!name.equals(r.value().family())) {
      return Optional.of("family: must be the object's name (" + name + ")");
    }
    return Optional.empty();
  }

  private static Optional<String> serviceProblem(String name, JsonNode spec) {
    SpecReader.Result<Service> r = SpecReader.service(spec.toString());
    if (!r.ok()) {
      return Optional.of(describe(r.violations()));
    }
    if (!name.equals(r.value().serviceName())) {
      return Optional.of("serviceName: must be the object's name (" + name + ")");
    }
    if (r.value().taskDefinition().contains(":")) {
      // Hub revision numbers are the hub's own, so a cloud revision number would name the wrong spec.
      return Optional.of("taskDefinition: must name a family, not family:revision");
    }
    return Optional.empty();
  }

  private static String describe(List<Violation> violations) {
    return violations.stream().map(v -> v.path() + ": " + v.reason()).collect(Collectors.joining("; "));
  }
}
