package dev.backroom.compose;

import dev.backroom.compose.convert.FileMapper;
import dev.backroom.compose.convert.Problems;
import dev.backroom.compose.interpolate.DotEnv;
import dev.backroom.compose.interpolate.Interpolation;
import dev.backroom.compose.interpolate.InterpolationException;
import dev.backroom.compose.yaml.YamlException;
import dev.backroom.compose.yaml.YamlTree;
import dev.backroom.config.json.Json;
import dev.backroom.config.json.SpecReader;
import dev.backroom.config.validate.Violation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Converts a Compose file into Backroom's desired state, all or nothing: parse (YAML, merge
 * keys, no duplicate keys), interpolate every value, map key by key and group services into
 * tasks, then read what came out as JSON through config's {@code SpecReader} (the ECS field
 * table and the validators), so the records are exactly what the REST API would accept. Any
 * problem at any stage yields only the refusals. Pure.
 */
public final class ComposeConverter {
  private static final Pattern CONTAINER = Pattern.compile("^containerDefinitions\\[(\\d+)]");

  private ComposeConverter() {}

  public static ComposeResult convert(ComposeInput in) {
    List<Refusal> refusals = new ArrayList<>();
    Object root;
    try {
      root = YamlTree.read(in.yaml());
    } catch (YamlException e) {
      return ComposeResult.refused(List.of(new Refusal(serviceOf(e.path()), e.path(),
          e.getMessage())));
    }
    if (!(root instanceof Map)) {
      return ComposeResult.refused(List.of(new Refusal(null, "(file)",
          "a Compose file is a mapping with services")));
    }
    Function<String, String> variables = variables(in, refusals);
    @SuppressWarnings("unchecked")
    Map<String, Object> tree = (Map<String, Object>) interpolate(root, "",
        new Interpolation(variables), refusals);
    if (!refusals.isEmpty()) {
      return ComposeResult.refused(refusals);
    }
    refuseUnnamedFiles(in, tree, refusals);
    if (!refusals.isEmpty()) {
      return ComposeResult.refused(refusals);
    }
    Problems problems = new Problems();
    FileMapper.Mapped mapped = FileMapper.map(tree, in.project(), variables, in.files(),
        in.profiles(), problems);
    problems.list().forEach(p -> refusals.add(new Refusal(p.service(), p.path(), p.reason())));
    if (!refusals.isEmpty()) {
      return ComposeResult.refused(refusals);
    }
    for (FileMapper.Unit u : mapped.units()) {
      String family = u.taskDefinition().family();
      // through the REST API's own reader: the field table and the validators, as JSON
      for (Violation v : SpecReader.taskDefinition(Json.write(u.taskDefinition())).violations()) {
        Matcher m = CONTAINER.matcher(v.path());
        String service = m.find() ? u.members().get(Integer.parseInt(m.group(1)))
            : String.join(",", u.members());
        refusals.add(new Refusal(service, "taskDefinitions[" + family + "]." + v.path(),
            v.reason()));
      }
      for (Violation v : SpecReader.service(Json.write(u.service())).violations()) {
        refusals.add(new Refusal(String.join(",", u.members()),
            "services[" + u.service().serviceName() + "]." + v.path(), v.reason()));
      }
    }
    if (!refusals.isEmpty()) {
      return ComposeResult.refused(refusals);
    }
    return new ComposeResult(mapped.units().stream().map(FileMapper.Unit::taskDefinition)
        .toList(), mapped.units().stream().map(FileMapper.Unit::service).toList(),
        mapped.inactive(), List.of());
  }

  /**
   * A file given that no service's {@code env_file} names (and that is not the project's
   * {@code .env}) would be read by nobody: refused, so a misspelt name is not silently ignored.
   */
  private static void refuseUnnamedFiles(ComposeInput in, Map<String, Object> tree,
      List<Refusal> refusals) {
    java.util.Set<String> named = new java.util.HashSet<>();
    named.add(ComposeInput.DOT_ENV);
    if (tree.get("services") instanceof Map<?, ?> services) {
      for (Object service : services.values()) {
        if (service instanceof Map<?, ?> m && m.get("env_file") != null) {
          Object files = m.get("env_file");
          for (Object f : files instanceof List<?> l ? l : List.of(files)) {
            if (f instanceof String path) {
              named.add(path);
            } else if (f instanceof Map<?, ?> long_ && long_.get("path") instanceof String path) {
              named.add(path);
            }
          }
        }
      }
    }
    in.files().keySet().stream().filter(f -> !named.contains(f)).sorted().forEach(f ->
        refusals.add(new Refusal(null, "(file " + f + ")", "given, but no service's env_file"
            + " names it (names must match as the Compose file writes them)")));
  }

  /** The caller's environment over the project's {@code .env}, as Compose resolves them. */
  private static Function<String, String> variables(ComposeInput in, List<Refusal> refusals) {
    Map<String, String> dotEnv = Map.of();
    String content = in.files().get(ComposeInput.DOT_ENV);
    if (content != null) {
      try {
        dotEnv = DotEnv.parse(content, in.environment()::get);
      } catch (InterpolationException e) {
        refusals.add(new Refusal(null, "(" + ComposeInput.DOT_ENV + ")", e.getMessage()));
      }
    }
    Map<String, String> env = in.environment();
    Map<String, String> fromFile = dotEnv;
    return name -> env.containsKey(name) ? env.get(name) : fromFile.get(name);
  }

  /** Every string value interpolated; keys are not, as in Compose. */
  private static Object interpolate(Object node, String path, Interpolation interpolation,
      List<Refusal> refusals) {
    if (node instanceof String s) {
      try {
        return interpolation.apply(s);
      } catch (InterpolationException e) {
        refusals.add(new Refusal(serviceOf(path), path, e.getMessage()));
        return s;
      }
    }
    if (node instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach((k, v) -> out.put((String) k, interpolate(v,
          path.isEmpty() ? (String) k : path + "." + k, interpolation, refusals)));
      return out;
    }
    if (node instanceof List<?> l) {
      List<Object> out = new ArrayList<>();
      for (int i = 0; i < l.size(); i++) {
        out.add(interpolate(l.get(i), path + "[" + i + "]", interpolation, refusals));
      }
      return out;
    }
    return node;
  }

  private static String serviceOf(String path) {
    if (!path.startsWith("services.")) {
      return null;
    }
    String rest = path.substring("services.".length());
    int end = rest.length();
    for (int i = 0; i < rest.length(); i++) {
      if (rest.charAt(i) == '.' || rest.charAt(i) == '[') {
        end = i;
        break;
      }
    }
    return rest.substring(0, end);
  }
}
