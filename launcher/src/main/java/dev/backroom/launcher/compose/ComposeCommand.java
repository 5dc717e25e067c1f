package dev.backroom.launcher.compose;

import dev.backroom.launcher.Main;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code backroom compose}: a Compose file as task definitions and services on a hub. */
@Command(name = "compose", header = "Compose files on a hub: up, convert, down.",
    mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    subcommands = {ComposeUpCommand.class, ComposeConvertCommand.class,
        ComposeDownCommand.class},
    description = {"Turns a Compose file into task definitions and services (docs/compose.md)."},
    footer = {"", "Exit codes: 0 done; 2 refused (every refusal printed); 1 hub unreachable;"
        + " 64 usage error."})
public final class ComposeCommand implements Callable<Integer> {
  static final int OK = 0;
  static final int UNREACHABLE = 1;
  static final int REFUSED = 2;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "which? ./backroom compose up|convert|down");
  }
}
