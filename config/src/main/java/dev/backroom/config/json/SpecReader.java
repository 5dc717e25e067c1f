package dev.backroom.config.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import dev.backroom.config.model.Service;
import dev.backroom.config.model.TaskDefinition;
import dev.backroom.config.validate.ServiceValidator;
import dev.backroom.config.validate.TaskDefinitionValidator;
import dev.backroom.config.validate.Violation;
import java.util.List;

/**
 * Reads a spec from JSON text and validates it. A type error (a string where a number belongs)
 * becomes a violation at its JSON path like any other, instead of an exception.
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
    return read(json, TaskDefinition.class, TaskDefinitionValidator::validate);
  }

  public static Result<Service> service(String json) {
    return read(json, Service.class, ServiceValidator::validate);
  }

  private static <T> Result<T> read(String json, Class<T> type,
      java.util.function.Function<T, List<Violation>> validator) {
    T value;
    try {
      value = Json.mapper().readValue(json, type);
    } catch (JsonMappingException e) {
      return new Result<>(null, List.of(new Violation(path(e), plain(e))));
    } catch (JsonProcessingException e) {
      return new Result<>(null, List.of(new Violation("$", "not valid JSON: "
          + e.getOriginalMessage())));
    }
    List<Violation> violations = validator.apply(value);
    return new Result<>(violations.isEmpty() ? value : null, violations);
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

  private static String plain(JsonMappingException e) {
    String m = e.getOriginalMessage();
    int cut = m.indexOf(" at [Source");
    m = cut > 0 ? m.substring(0, cut) : m;
    return "has the wrong type: " + m.lines().findFirst().orElse(m);
  }
}
