package dev.backroom.launcher;

import dev.backroom.launcher.compose.ComposeCommand;
import dev.backroom.launcher.demo.DemoCommand;
import dev.backroom.launcher.run.AgentCommand;
import dev.backroom.launcher.run.BenchCommand;
import dev.backroom.launcher.run.CloudCommand;
import dev.backroom.launcher.run.HubCommand;
import dev.backroom.launcher.run.SoakCommand;
import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ./backroom}: the commands, their flags and their help. The script only starts this. */
@Command(name = "backroom", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = "Backroom's command line: run the hub, a device agent or the cloud sync"
        + " endpoint, enrol a hub, Compose files on a hub, a local demo, the benchmarks, the fault soak.",
    subcommands = {HubCommand.class, AgentCommand.class, CloudCommand.class, DemoCommand.class,
        BenchCommand.class, SoakCommand.class, ComposeCommand.class},
    footer = {"",
        "Run by the ./backroom script itself:",
        "  build [--force]    ./mvnw package -DskipTests (Maven decides what is stale)",
        "  test [maven args]  the test suite (./mvnw -B verify) with a Docker engine",
        "",
        "Environment:",
        "  BACKROOM_HUB_JAVA_OPTS    JVM options of the hub, default",
        "                            " + JavaOptions.HUB_DEFAULT,
        "                            " + JavaOptions.TRIM_NATIVE_HEAP + " where the JVM has it",
        "                            (and MALLOC_ARENA_MAX=2 unless that is set)",
        "  BACKROOM_CLOUD_JAVA_OPTS  JVM options of the cloud, default " + JavaOptions.CLOUD_DEFAULT,
        "  BACKROOM_AGENT_JAVA_OPTS  JVM options of the agent, default",
        "                            " + JavaOptions.AGENT_DEFAULT,
        "                            " + JavaOptions.TRIM_NATIVE_HEAP + " where the JVM has it",
        "                            (and MALLOC_ARENA_MAX=2 unless that is set)",
        "  BACKROOM_BENCH_JAVA_OPTS  JVM options of the benchmarks",
        "  DOCKER_HOST               the engine the demo, tests and benchmarks use",
        "  BACKROOM_FORCE_PRIVATE_DOCKER=1  always start a private engine",
        "  BACKROOM_HUB_TOKEN        token for hub activation create (admin) and compose"
            + " up/down (operator)",
        "Exit code 64: a usage error. ./backroom COMMAND --help tells more."})
public final class Main {
  /** The version Maven wrote into the jar's manifest. */
  public static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"backroom " + (v == null ? "(not built from a jar)" : v)};
    }
  }

  /** A usage error, as sysexits.h has it (and as {@code hub enroll} always answered). */
  public static final int USAGE = 64;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The command tree with the launcher's conventions: usage errors exit 64. */
  public static CommandLine commandLine() {
    if (System.getProperty("backroom.repo") == null) {
      repoOfThisJar().ifPresent(p -> System.setProperty("backroom.repo", p.toString()));
    }
    CommandLine cl = new CommandLine(new Main());
    cl.setParameterExceptionHandler((e, args) -> {
      PrintWriter err = e.getCommandLine().getErr();
      String name = qualifiedName(e.getCommandLine());
      err.println("backroom" + (name.isEmpty() ? "" : " " + name) + ": " + e.getMessage());
      err.println("(see ./backroom " + (name.isEmpty() ? "" : name + " ") + "--help)");
      return USAGE;
    });
    // The agent's and the benchmarks' flags are their own: handed over, never read here.
    for (CommandLine own : List.of(cl.getSubcommands().get("agent"),
        cl.getSubcommands().get("agent").getSubcommands().get("register"),
        cl.getSubcommands().get("bench"), cl.getSubcommands().get("soak"))) {
      own.setUnmatchedOptionsArePositionalParams(true);
    }
    return cl;
  }

  private static String qualifiedName(CommandLine cl) {
    String q = cl.getCommandSpec().qualifiedName(" ");
    return q.startsWith("backroom ") ? q.substring("backroom ".length()) : "";
  }

  /**
   * The repository this jar was built in ({@code <repo>/launcher/target/backroom-launcher.jar}),
   * so that the script works from any directory.
   */
  private static java.util.Optional<Path> repoOfThisJar() {
    try {
      Path jar = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      Path repo = jar.getParent() == null ? null : jar.getParent().getParent();
      repo = repo == null ? null : repo.getParent();
      return repo != null && Files.exists(repo.resolve("mvnw")) ? java.util.Optional.of(repo)
          : java.util.Optional.empty();
    } catch (URISyntaxException | RuntimeException e) {
      return java.util.Optional.empty();
    }
  }
}
