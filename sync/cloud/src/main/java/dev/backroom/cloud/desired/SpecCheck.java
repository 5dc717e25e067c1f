package dev.backroom.cloud.desired;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backroom.config.json.SpecReader;
import dev.backroom.config.model.Service;
import dev.backroom.config.model.TaskDefinition;
import dev.backroom.config.validate.Violation;
import dev.backroom.sync.selector.LabelSelector;
import dev.backroom.sync.selector.SelectorSyntaxException;
import dev.backroom.sync.wire.DesiredKind;
import java.util.ArrayList;
import java.util.List;

/**
 * Validates an operator's {@code {selector, spec}} with config's validators, the same ones the
 * hub applies, so a spec the cloud accepts is one every hub accepts. Pure; paths are relative to
 * the request body ({@code spec.containerDefinitions[0].image}).
 */
public final class SpecCheck {
  private SpecCheck() {}

  /** Every violation; empty when the object may be stored. */
  public static List<Violation> violations(DesiredKind kind, String name, String selector,
      JsonNode spec) {
    List<Violation> out = new ArrayList<>();
    try {
      LabelSelector.parse(selector);
    } catch (SelectorSyntaxException e) {
      out.add(new Violation("selector", e.getMessage()));
    }
    if (spec == null || spec.isNull() || spec.isMissingNode()) {
      out.add(new Violation("spec", "is required"));
      return out;
    }
    if (!spec.isObject()) {
      out.add(new Violation("spec", "must be a JSON object"));
      return out;
    }
    String text = spec.toString();
    if (kind == DesiredKind.TASK_DEFINITION) {
      SpecReader.Result<TaskDefinition> r = SpecReader.taskDefinition(text);
      prefix(r.violations(), out);
      if (r.ok() && !name.equals(r.value().family())) {
        out.add(new Violation("spec.family", "must match the path (" + name + ")"));
      }
    } else {
      SpecReader.Result<Service> r = SpecReader.service(text);
      prefix(r.violations(), out);
      if (r.ok() && !name.equals(r.value().serviceName())) {
        out.add(new Violation("spec.serviceName", "must match the path (" + name + ")"));
      }
    }
    return out;
  }

  private static void prefix(List<Violation> in, List<Violation> out) {
    for (Violation v : in) {
      out.add(new Violation("$".equals(v.path()) ? "spec" : "spec." + v.path(), v.reason()));
    }
  }
}
