package dev.backroom.hub.core.standalone;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import dev.backroom.config.json.Json;
import dev.backroom.config.json.SpecReader;
import dev.backroom.config.model.Service;
import dev.backroom.config.validate.ServiceValidator;
import dev.backroom.config.validate.Violation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a RunTask body strictly: an unknown field, a wrong type or a bad value is a violation at
 * its JSON path, never skipped. Checks what needs no store; whether the definition exists and
 * whether overrides name its containers is {@link RunTaskPlan}'s business. Pure.
 */
public final class RunTaskReader {
  /** ECS: letters, digits, '-', '/', '_', up to 128. */
  private static final Pattern STARTED_BY = Pattern.compile("[A-Za-z0-9_/-]{1,128}");
  /** ECS: up to 64 ASCII characters 33 to 126. */
  private static final Pattern CLIENT_TOKEN = Pattern.compile("[\\x21-\\x7e]{1,64}");
  /** The default "family:NAME" must fit, so ':' is allowed beside ECS's name characters. */
  private static final Pattern GROUP = Pattern.compile("[A-Za-z0-9_:/.-]{1,255}");

  private RunTaskReader() {}

  /** The request, or null with every violation found. */
  public record Result(RunTaskRequest value, List<Violation> violations) {
    public boolean ok() {
      return violations.isEmpty();
    }
  }

  public static Result read(String json) {
    RunTaskRequest r;
    try {
      r = Json.mapper().readerFor(RunTaskRequest.class)
          .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).readValue(json);
    } catch (JsonMappingException e) {
      return new Result(null, List.of(SpecReader.violation(e, "RunTask")));
    } catch (JsonProcessingException e) {
      return new Result(null, List.of(new Violation("$", "not valid JSON: " + e.getOriginalMessage())));
    }
    if (r == null) {
      return new Result(null, List.of(new Violation("$", "a RunTask request is required")));
    }
    List<Violation> v = validate(r);
    return new Result(v.isEmpty() ? r : null, v);
  }

  static List<Violation> validate(RunTaskRequest r) {
    List<Violation> v = new ArrayList<>();
    // The service rules for what a RunTask shares with a service (definition reference,
    // constraints, strategies, cluster, launch type), so the two never disagree.
    Service asService = new Service("runtask", r.taskDefinition(), 1, r.placementConstraints(),
        null, r.placementStrategy(), null, null, r.cluster(), r.launchType());
    v.addAll(ServiceValidator.validate(asService));
    if (r.count() != null && (r.count() < 1 || r.count() > RunTaskRequest.MAX_COUNT)) {
      v.add(new Violation("count", "must be from 1 to " + RunTaskRequest.MAX_COUNT
          + ", not " + r.count()));
    }
    if (r.startedBy() != null && !STARTED_BY.matcher(r.startedBy()).matches()) {
      v.add(new Violation("startedBy", "may hold only letters, digits, '-', '/' and '_'"
          + " (1-128 characters)"));
    }
    if (r.group() != null && !GROUP.matcher(r.group()).matches()) {
      v.add(new Violation("group", "may hold only letters, digits, '-', '_', ':', '/' and '.'"
          + " (1-255 characters)"));
    }
    if (r.clientToken() != null && !CLIENT_TOKEN.matcher(r.clientToken()).matches()) {
      v.add(new Violation("clientToken", "must be 1 to 64 printable ASCII characters"
          + " without spaces"));
    }
    Set<String> seen = new HashSet<>();
    List<RunTaskRequest.ContainerOverride> overrides = r.containerOverrides();
    for (int i = 0; i < overrides.size(); i++) {
      String p = "overrides.containerOverrides[" + i + "]";
      RunTaskRequest.ContainerOverride o = overrides.get(i);
      if (o == null || o.name() == null || o.name().isBlank()) {
        v.add(new Violation(p + ".name", "is required: the container to override"));
      } else if (!seen.add(o.name())) {
        v.add(new Violation(p + ".name", "container " + o.name() + " is overridden twice"));
      }
      if (o != null && o.environment() != null) {
        for (int j = 0; j < o.environment().size(); j++) {
          var kv = o.environment().get(j);
          if (kv == null || kv.name() == null || kv.name().isBlank()) {
            v.add(new Violation(p + ".environment[" + j + "].name", "is required"));
          }
        }
      }
    }
    return List.copyOf(v);
  }
}
