package dev.backroom.hub.core.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.backroom.config.json.SpecReader;
import dev.backroom.config.model.TaskDefinition;
import dev.backroom.config.validate.Violation;
import dev.backroom.hub.core.standalone.RunTaskReader;
import dev.backroom.hub.core.standalone.RunTaskRequest;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A desired TASK object from the cloud (a one-off task its ECS RunTask or StartTask asked of this
 * store), read strictly: the definition by config's {@link SpecReader}, the request by the hub's
 * own {@link RunTaskReader}, so the cloud and the hub agree on every member. An unknown member is
 * a problem, never skipped. Pure. The shape is docs/sync-protocol.md's "One-off tasks".
 */
public record CloudTaskSpec(String taskId, TaskDefinition definition, RunTaskRequest request,
    String containerInstance, String requestedBy, Stop stop) {

  /** StopTask through the cloud: who asked, with their reason (null for none). */
  public record Stop(String by, String reason) {}

  /** The spec, or why it cannot be run. */
  public record Result(CloudTaskSpec value, Optional<String> problem) {}

  static final Set<String> MEMBERS = Set.of("taskDefinition", "cloudTaskDefinition", "request",
      "containerInstance", "slot", "count", "cluster", "requestedBy", "requestedAt", "stop");
  private static final Set<String> STOP_MEMBERS = Set.of("by", "reason", "at");
  /** The hub's own standalone ids are {@code run-} and 16 hex digits; the cloud allocates alike. */
  private static final String ID = "run-[0-9a-f]{16}";

  public static Result read(String name, JsonNode spec) {
    List<String> problems = new ArrayList<>();
    if (name == null || !name.matches(ID)) {
      problems.add("name: a cloud task id is run- and 16 hex digits, got " + name);
    }
    if (spec == null || !spec.isObject()) {
      return refused(List.of("spec must be a JSON object"));
    }
    unknown(spec, MEMBERS, "", problems);
    TaskDefinition td = null;
    JsonNode tdNode = spec.get("taskDefinition");
    if (tdNode == null || !tdNode.isObject()) {
      problems.add("taskDefinition: the definition to run is required, as an object");
    } else {
      SpecReader.Result<TaskDefinition> r = SpecReader.taskDefinition(tdNode.toString());
      if (r.ok()) {
        td = r.value();
      } else {
        problems.add(describe("taskDefinition.", r.violations()));
      }
    }
    RunTaskRequest request = null;
    JsonNode req = spec.get("request");
    if (req == null || !req.isObject()) {
      problems.add("request: the RunTask members are required, as an object");
    } else if (td != null) {
      ObjectNode body = req.deepCopy();
      body.put("taskDefinition", td.family());
      RunTaskReader.Result r = RunTaskReader.read(body.toString());
      if (r.ok() && (r.value().countOrDefault() != 1 || r.value().clientToken() != null)) {
        problems.add("request: one task an object, without a clientToken (the cloud answered"
            + " the token)");
      } else if (r.ok()) {
        request = r.value();
      } else {
        problems.add(describe("request.", r.violations()));
      }
    }
    String device = text(spec, "containerInstance", problems);
    String by = text(spec, "requestedBy", problems);
    Stop stop = null;
    JsonNode s = spec.get("stop");
    if (s != null && !s.isNull()) {
      if (!s.isObject()) {
        problems.add("stop: must be an object");
      } else {
        unknown(s, STOP_MEMBERS, "stop.", problems);
        stop = new Stop(text(s, "by", problems), text(s, "reason", problems));
      }
    }
    if (!problems.isEmpty()) {
      return refused(problems);
    }
    return new Result(new CloudTaskSpec(name, td, request, device, by, stop), Optional.empty());
  }

  private static Result refused(List<String> problems) {
    return new Result(null, Optional.of(String.join("; ", problems)));
  }

  private static void unknown(JsonNode node, Set<String> known, String prefix,
      List<String> problems) {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!known.contains(f)) {
        problems.add(prefix + f + ": unknown member (known: "
            + known.stream().sorted().collect(Collectors.joining(", ")) + ")");
      }
    }
  }

  private static String text(JsonNode node, String member, List<String> problems) {
    JsonNode v = node.get(member);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      problems.add(member + ": must be a string");
      return null;
    }
    return v.asText();
  }

  private static String describe(String prefix, List<Violation> violations) {
    return violations.stream().map(v -> prefix + v.path() + ": " + v.reason())
        .collect(Collectors.joining("; "));
  }
}
