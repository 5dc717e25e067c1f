package dev.backroom.compose.convert;

import dev.backroom.config.model.Service;
import dev.backroom.config.model.TaskDefinition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/** A whole Compose file (already interpolated) onto task definitions and services. */
public final class FileMapper {
  /** Compose's own rule for project names. */
  private static final Pattern PROJECT = Pattern.compile("[a-z0-9][a-z0-9_-]*");

  /** A group's records and the Compose services of its containers, in container order. */
  public record Unit(TaskDefinition taskDefinition, Service service, List<String> members) {}

  public record Mapped(List<Unit> units, List<String> inactive) {}

  private FileMapper() {}

  public static Mapped map(Map<String, Object> root, String givenProject,
      Function<String, String> variables, Map<String, String> files, Set<String> profiles,
      Problems problems) {
    Fields top = new Fields(null, "", root, problems);
    top.accepted("version"); // obsolete in the Compose Specification; Compose ignores it too
    String name = top.string("name");
    String project = givenProject != null ? givenProject : name;
    if (project == null) {
      problems.add(null, "name", "no project name: give one (--project) or set name");
      project = "invalid";
    } else if (!PROJECT.matcher(project).matches()) {
      problems.add(null, givenProject != null ? "(project)" : "name", "project name '"
          + project + "' must be lowercase letters, digits, '-' and '_', starting with a"
          + " letter or digit, as in Compose");
    }
    Context ctx = new Context(project, TopLevel.volumes(top, project), variables, files);
    Fields services = top.mapping("services");
    List<ServiceSpec> specs = new ArrayList<>();
    List<String> inactive = new ArrayList<>();
    Map<String, Fields> active = new LinkedHashMap<>();
    if (services == null) {
      problems.add(null, "services", "is required: a Compose file runs services");
    } else {
      for (String svc : services.keys()) {
        Fields f = Fields.of(svc, services.at(svc), services.take(svc), problems);
        if (f == null) {
          continue;
        }
        Object p = f.take("profiles");
        List<String> ps = p instanceof List<?> l ? l.stream().map(String::valueOf).toList()
            : List.of();
        if (!ps.isEmpty() && ps.stream().noneMatch(profiles::contains)) {
          inactive.add(svc);
        } else {
          active.put(svc, f);
        }
      }
      active.forEach((svc, f) -> specs.add(ServiceMapper.map(svc, f, ctx)));
    }
    top.refuseUnread(TopLevel.REFUSED, "a top-level key");
    for (ServiceSpec s : specs) {
      for (String target : s.dependsOn().keySet()) {
        if (!active.containsKey(target) && !s.optional().contains(target)) {
          problems.add(s.name(), "services." + s.name() + ".depends_on." + target,
              inactive.contains(target) ? "depends on " + target + ", whose profiles are not"
                  + " active; activate one or mark the dependency required: false"
                  : "no service " + target + " in the file");
        }
      }
    }
    List<Unit> units = new ArrayList<>();
    if (problems.isEmpty()) {
      for (Grouping.Group g : Grouping.compute(project, specs, problems)) {
        units.add(new Unit(g.taskDefinition(), g.service(), g.members()));
      }
    }
    return new Mapped(units, inactive);
  }
}
