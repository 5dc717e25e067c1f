package dev.backroom.launcher.compose;

import dev.backroom.compose.ComposeInput;
import dev.backroom.compose.interpolate.DotEnv;
import dev.backroom.compose.interpolate.Interpolation;
import dev.backroom.compose.interpolate.InterpolationException;
import dev.backroom.compose.yaml.YamlException;
import dev.backroom.compose.yaml.YamlTree;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code compose} reads on the caller's machine, as Compose does: the file, the project's
 * {@code .env} beside it, every {@code env_file} it names (relative to the file's directory), and
 * from the shell environment only the variables whose names occur in those files, so that
 * interpolation sees what it would see under Compose and the rest of the environment stays
 * here. Nothing here decides what the file means: the converter does.
 */
record ProjectFiles(String project, ComposeInput input) {
  private static final Pattern WORD = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Pattern PROJECT = Pattern.compile("[a-z0-9][a-z0-9_-]*");

  /**
   * Reads {@code file} and what it names. {@code shell} is the caller's environment; a missing
   * env file is left out (the converter refuses it unless {@code required: false}).
   *
   * @throws IOException when the Compose file itself cannot be read
   */
  static ProjectFiles read(Path file, String project, Map<String, String> shell,
      Set<String> profiles, Path envFile) throws IOException {
    String yaml = Files.readString(file, StandardCharsets.UTF_8);
    Path dir = file.toAbsolutePath().getParent();
    Map<String, String> files = new LinkedHashMap<>();
    Path dotEnv = envFile != null ? envFile : dir.resolve(ComposeInput.DOT_ENV);
    if (Files.isRegularFile(dotEnv)) {
      files.put(ComposeInput.DOT_ENV, Files.readString(dotEnv, StandardCharsets.UTF_8));
    }
    Object tree = tree(yaml);
    Map<String, String> env = referenced(shell, yaml, files.values());
    for (String name : envFileNames(tree, variables(env, files))) {
      Path p = dir.resolve(name).normalize();
      if (Files.isRegularFile(p)) {
        files.put(name, Files.readString(p, StandardCharsets.UTF_8));
      }
    }
    env = referenced(shell, yaml, files.values());
    String name = projectName(project, shell, tree, dir);
    return new ProjectFiles(name, new ComposeInput(yaml, name, env, files, profiles));
  }

  /** Compose's order: the flag, COMPOSE_PROJECT_NAME, the file's name, the directory's name. */
  static String projectName(String flag, Map<String, String> shell, Object tree, Path dir) {
    if (flag != null) {
      return flag;
    }
    String env = shell.get("COMPOSE_PROJECT_NAME");
    if (env != null && !env.isEmpty()) {
      return env;
    }
    if (tree instanceof Map<?, ?> m && m.get("name") instanceof String n && !n.contains("$")) {
      return n;
    }
    String base = dir.getFileName() == null ? "" : dir.getFileName().toString()
        .toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]", "");
    return PROJECT.matcher(base).matches() ? base : null;
  }

  /** The shell variables whose names occur in the file or its env files, and no others. */
  static Map<String, String> referenced(Map<String, String> shell, String yaml,
      Iterable<String> files) {
    Map<String, String> out = new TreeMap<>();
    List<String> texts = new ArrayList<>();
    texts.add(yaml);
    files.forEach(texts::add);
    for (String t : texts) {
      Matcher m = WORD.matcher(t);
      while (m.find()) {
        String v = shell.get(m.group());
        if (v != null) {
          out.put(m.group(), v);
        }
      }
    }
    return out;
  }

  private static Object tree(String yaml) {
    try {
      return YamlTree.read(yaml);
    } catch (YamlException e) {
      return null; // the converter reports it
    }
  }

  private static Map<String, String> variables(Map<String, String> env,
      Map<String, String> files) {
    Map<String, String> all = new HashMap<>();
    String dotEnv = files.get(ComposeInput.DOT_ENV);
    if (dotEnv != null) {
      try {
        all.putAll(DotEnv.parse(dotEnv, env::get));
      } catch (InterpolationException e) {
        // the converter reports it
      }
    }
    all.putAll(env);
    return all;
  }

  /** Every env_file path of every service, interpolated as the converter will. */
  static List<String> envFileNames(Object tree, Map<String, String> variables) {
    List<String> out = new ArrayList<>();
    if (!(tree instanceof Map<?, ?> root) || !(root.get("services") instanceof Map<?, ?> svcs)) {
      return out;
    }
    Interpolation interpolation = new Interpolation(variables::get);
    for (Object svc : svcs.values()) {
      if (!(svc instanceof Map<?, ?> s)) {
        continue;
      }
      Object ef = s.get("env_file");
      List<?> entries = ef instanceof List<?> l ? l : ef == null ? List.of() : List.of(ef);
      for (Object e : entries) {
        Object path = e instanceof Map<?, ?> m ? m.get("path") : e;
        if (path instanceof String p) {
          try {
            String name = interpolation.apply(p);
            if (!out.contains(name)) {
              out.add(name);
            }
          } catch (InterpolationException x) {
            // the converter reports it
          }
        }
      }
    }
    return out;
  }
}
