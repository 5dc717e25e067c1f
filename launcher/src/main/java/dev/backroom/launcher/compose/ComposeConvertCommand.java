package dev.backroom.launcher.compose;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.backroom.compose.ComposeResult;
import dev.backroom.config.json.Json;
import dev.backroom.launcher.Main;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code backroom compose convert}: what up would create, as JSON; no hub, nothing changed. */
@Command(name = "convert", header = "Prints the task definitions and services a Compose file"
    + " becomes (no hub needed; changes nothing).", mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class, sortOptions = false,
    description = {"Converts the file here, as compose up would, and prints {project,"
        + " taskDefinitions, services, inactiveServices} as JSON (ECS field names). A file"
        + " Backroom cannot run exits 2 and prints every refusal: service, key, reason."},
    footer = {"", "Exit codes: 0 converted; 2 refused; 64 usage error."})
public final class ComposeConvertCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  FileOptions file;

  /** The environment the file is interpolated from; the process's own unless a test sets it. */
  Map<String, String> shell = System.getenv();

  @Override
  public Integer call() throws JsonProcessingException {
    ProjectFiles files = file.read(spec, shell);
    ComposeResult r = FileOptions.convert(files, spec.commandLine().getErr(), "convert");
    if (r == null) {
      return ComposeCommand.REFUSED;
    }
    ObjectNode out = Json.mapper().createObjectNode();
    out.put("project", files.project());
    out.set("taskDefinitions", Json.mapper().valueToTree(r.taskDefinitions()));
    out.set("services", Json.mapper().valueToTree(r.services()));
    out.set("inactiveServices", Json.mapper().valueToTree(r.inactiveServices()));
    spec.commandLine().getOut().println(Json.mapper().writerWithDefaultPrettyPrinter()
        .writeValueAsString(out));
    return ComposeCommand.OK;
  }
}
