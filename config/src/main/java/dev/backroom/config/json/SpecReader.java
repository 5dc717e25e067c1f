package dev.backroom.config.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.backroom.config.ecs.EcsFieldCheck;
import dev.backroom.config.model.Service;
import dev.backroom.config.model.TaskDefinition;
import dev.backroom.config.validate.ServiceValidator;
import dev.backroom.config.validate.TaskDefinitionValidator;
import dev.backroom.config.validate.Violation;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a spec from JSON text and validates it. A type error (a string where a number belongs)
 * becomes a violation at its JSON path like any other, instead of an exception. Unknown fields
 * are refused, never ignored: a task definition is first checked against
 * {@link dev.backroom.config.ecs.EcsFields} (unknown and refused fields, each with its path), a
 * service is read with unknown properties failing. Other readers of these records (the store, the
 * agent) stay lenient on purpose, so a newer hub's message does not break an older agent.
 */
public final class SpecReader {
  private SpecReader() {}

  /** The outcome: {@code value} is null whenever {@code violations} is not empty. */
  public record Result<T>(T value, List<Violation> violations) {
    public boolean ok() {
      return violations.isEmpty();
    }
  }

  public static Result<TaskDefinition> taskDefinition(String json) {
    JsonNode tree;
    try {
      tree = Json.mapper().readTree(json);
    } catch (JsonProcessingException e) {
      return new Result<>(null, List.of(notJson(e)));
    }
    List<Violation> violations = new ArrayList<>(EcsFieldCheck.check(tree));
    TaskDefinition value;
    try {
      value = Json.mapper().treeToValue(tree, TaskDefinition.class);
    } catch (JsonMappingException e) {
      violations.add(violation(e, "a task definition"));
      return new Result<>(null, List.copyOf(violations));
    } catch (JsonProcessingException e) {
      violations.add(notJson(e));
      return new Result<>(null, List.copyOf(violations));
    }
    violations.addAll(TaskDefinitionValidator.validate(value));
    return new Result<>(violations.isEmpty() ? value : null, List.copyOf(violations));
  }

  public static Result<Service> service(String json) {
    Service value;
    try {
      value = Json.mapper().readerFor(Service.class)
          .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).readValue(json);
    } catch (JsonMappingException e) {
      return new Result<>(null, List.of(violation(e, "a service")));
    } catch (JsonProcessingException e) {
      return new Result<>(null, List.of(notJson(e)));
    }
    List<Violation> violations = ServiceValidator.validate(value);
    return new Result<>(violations.isEmpty() ? value : null, violations);
  }

  private static Violation notJson(JsonProcessingException e) {
    return new Violation("$", "not valid JSON: " + e.getOriginalMessage());
  }

  /**
   * A Jackson mapping failure as a violation at its JSON path: an unknown field of
   * {@code what} (a service, RunTask, ...), or a value of the wrong type.
   */
  public static Violation violation(JsonMappingException e, String what) {
    if (e instanceof UnrecognizedPropertyException) {
      return new Violation(path(e), "unknown field: " + what + " has no such field; remove it"
          + " (check the spelling)");
    }
    String m = e.getOriginalMessage();
    int cut = m.indexOf(" at [Source");
    m = cut > 0 ? m.substring(0, cut) : m;
    return new Violation(path(e), "has the wrong type: " + m.lines().findFirst().orElse(m));
  }

  private static String path(JsonMappingException e) {
    StringBuilder sb = new StringBuilder();
    for (JsonMappingException.Reference r : e.getPath()) {
      if (r.getFieldName() != null) {
        if (!sb.isEmpty()) {
          sb.append('.');
        }
        sb.append(r.getFieldName());
      } else if (r.getIndex() >= 0) {
        sb.append('[').append(r.getIndex()).append(']');
      }
    }
    return sb.isEmpty() ? "$" : sb.toString();
  }
}
