package dev.backroom.launcher.compose;

import dev.backroom.compose.ComposeConverter;
import dev.backroom.compose.ComposeResult;
import dev.backroom.compose.Refusal;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** The file a command reads and how it reads it, with Compose's own flag names. */
public final class FileOptions {
  /** Compose's default file names, in its order. */
  static final List<String> DEFAULTS = List.of("compose.yaml", "compose.yml",
      "docker-compose.yml", "docker-compose.yaml");

  @Option(names = {"-f", "--file"}, paramLabel = "FILE",
      description = "the Compose file (default: compose.yaml, compose.yml, docker-compose.yml or"
          + " docker-compose.yaml in this directory)")
  Path file;

  @Option(names = {"-p", "--project"}, paramLabel = "NAME",
      description = "the project name: prefixes every family and service (default:"
          + " $COMPOSE_PROJECT_NAME, the file's name, then the directory's name)")
  String project;

  @Option(names = "--profile", paramLabel = "P", description = "an active profile (repeatable)")
  List<String> profiles = List.of();

  @Option(names = "--env-file", paramLabel = "F",
      description = "the dotenv file interpolation reads (default: .env beside the Compose file)")
  Path envFile;

  /** The file and its env files read, the project named; a usage error when it cannot be. */
  ProjectFiles read(CommandSpec spec, Map<String, String> shell) {
    Path f = file != null ? file : DEFAULTS.stream().map(Path::of).filter(Files::isRegularFile)
        .findFirst().orElseThrow(() -> new ParameterException(spec.commandLine(),
            "no Compose file here (" + String.join(", ", DEFAULTS) + "); pass -f FILE"));
    if (envFile != null && !Files.isRegularFile(envFile)) {
      throw new ParameterException(spec.commandLine(), "--env-file " + envFile + " is missing");
    }
    try {
      return ProjectFiles.read(f, project, shell, new LinkedHashSet<>(profiles), envFile);
    } catch (IOException e) {
      throw new ParameterException(spec.commandLine(), "cannot read " + f + ": " + e);
    }
  }

  /** Converts locally; prints every refusal to {@code err} and returns null when refused. */
  static ComposeResult convert(ProjectFiles files, PrintWriter err, String command) {
    ComposeResult r = ComposeConverter.convert(files.input());
    if (r.accepted()) {
      return r;
    }
    err.println("backroom compose " + command + ": " + r.refusals().size()
        + " refusal(s); nothing " + ("up".equals(command) ? "was sent" : "would be created")
        + ":");
    for (Refusal x : r.refusals()) {
      err.println("  " + (x.service() == null ? "(top level)" : x.service()) + "  " + x.path()
          + ": " + x.reason());
    }
    return null;
  }
}
