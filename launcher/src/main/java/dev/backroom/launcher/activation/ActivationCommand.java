package dev.backroom.launcher.activation;

import dev.backroom.launcher.Main;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code backroom hub activation}: only {@code create} so far. */
@Command(name = "activation", header = "Device activations on a running hub.", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    subcommands = ActivationCreateCommand.class,
    description = "Device activations on a running hub.")
public final class ActivationCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "which? ./backroom hub activation create");
  }
}
