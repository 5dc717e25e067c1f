package dev.backroom.launcher.compose;

import dev.backroom.launcher.Main;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code backroom compose down}: {@code DELETE /api/v1/compose/{project}}. */
@Command(name = "down", header = "Removes a Compose project's services from a hub.",
    mixinStandardHelpOptions = true, versionProvider = Main.Version.class, sortOptions = false,
    description = {"Deletes the project's services (their containers stop) and deregisters its"
        + " task definitions (INACTIVE). Prints what the hub removed."},
    footer = {"", "Exit codes: 0 removed; 2 refused or no such project; 1 hub unreachable;"
        + " 64 usage error."})
public final class ComposeDownCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = {"-p", "--project"}, paramLabel = "NAME", required = true,
      description = "the project")
  String project;

  @Mixin
  HubOptions hub;

  @Override
  public Integer call() {
    HttpRequest.Builder req = HttpRequest.newBuilder(hub.resolve("/api/v1/compose/"
        + URLEncoder.encode(project, StandardCharsets.UTF_8).replace("+", "%20"))).DELETE();
    HttpResponse<String> r;
    try {
      r = hub.send(spec, req);
    } catch (HubOptions.Unreachable e) {
      spec.commandLine().getErr().println("backroom compose down: " + e.getMessage());
      return ComposeCommand.UNREACHABLE;
    }
    if (r.statusCode() != 200) {
      spec.commandLine().getErr().println("backroom compose down: the hub refused (HTTP "
          + r.statusCode() + "): " + r.body());
      return ComposeCommand.REFUSED;
    }
    spec.commandLine().getOut().println(r.body());
    return ComposeCommand.OK;
  }
}
