package dev.backroom.launcher.run;

import dev.backroom.harness.Repo;
import dev.backroom.launcher.ClassArchive;
import dev.backroom.launcher.JavaOptions;
import dev.backroom.launcher.Launch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code backroom agent} and {@code backroom agent register}: the device agent, whose flags are
 * its own (picocli in device-agent's Main and RegisterCommand); they go to it untouched.
 */
@Command(name = "agent", header = "Runs a device agent in the foreground (its own flags).",
    subcommands = AgentCommand.Register.class,
    description = {"Runs a device agent in the foreground: java $BACKROOM_AGENT_JAVA_OPTS -jar"
        + " device-agent/target/backroom-agent.jar [agent flags], in the repository root. All"
        + " flags go to the agent, e.g. --device-id ID --broker ssl://127.0.0.1:1883"
        + " --data-dir DIR --attribute k=v --arch A --gpus N --gpu-runtime R.",
        "The agent talks to the Docker engine named by DOCKER_HOST (default"
            + " unix:///var/run/docker.sock). It connects with the credential in"
            + " <data-dir>/device-credential.json, written once by ./backroom agent register"
            + " (its flags: ./backroom agent register --help)."})
public final class AgentCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(paramLabel = "AGENT-FLAGS", description = "passed to the agent as they are")
  List<String> args = new ArrayList<>();

  @Override
  public Integer call() {
    if (!args.isEmpty() && List.of("-h", "--help", "help").contains(args.get(0))) {
      spec.commandLine().usage(spec.commandLine().getOut());
      spec.commandLine().getOut().println();
      spec.commandLine().getOut().flush();
      return agentHelp(List.of("--help"));
    }
    return run(args);
  }

  /** {@code java -jar backroom-agent.jar ARGS}. */
  static Launch launch(List<String> agentArgs) {
    return launch(agentArgs, JavaOptions.agent(System.getenv()));
  }

  private static Launch launch(List<String> agentArgs, List<String> jvmOptions) {
    List<String> main = new ArrayList<>(List.of("-jar", Repo.agentJar().toString()));
    main.addAll(agentArgs);
    return Launch.java(JavaOptions.agentEnvironment(System.getenv()), jvmOptions, List.of(),
        main);
  }

  private static int agent(List<String> agentArgs) {
    return launch(agentArgs).run();
  }

  /** The agent itself, with its class archive ({@link ClassArchive}) in its data directory. */
  private static int run(List<String> agentArgs) {
    List<String> jvm = JavaOptions.agent(System.getenv());
    Path data = dataDirectory(agentArgs);
    if (data != null) {
      jvm = ClassArchive.options(data.resolve("cds"), "agent", Repo.agentJar(), jvm);
    }
    return launch(agentArgs, jvm).run();
  }

  /**
   * The agent's data directory from its flags: {@code --data-dir}, else its default
   * ./data/agent-<device-id> in the repository root (the agent's working directory); null
   * without either (the agent will refuse its flags anyway).
   */
  static Path dataDirectory(List<String> agentArgs) {
    String dir = flag(agentArgs, "--data-dir");
    String device = flag(agentArgs, "--device-id");
    if (dir != null) {
      return Repo.root().resolve(dir).normalize();
    }
    return device == null ? null : Repo.root().resolve("data/agent-" + device).normalize();
  }

  private static String flag(List<String> args, String name) {
    for (int i = 0; i < args.size(); i++) {
      if (args.get(i).equals(name) && i + 1 < args.size()) {
        return args.get(i + 1);
      }
      if (args.get(i).startsWith(name + "=")) {
        return args.get(i).substring(name.length() + 1);
      }
    }
    return null;
  }

  /** The agent's own help, printed by the agent and waited for, or a hint when not built. */
  static int agentHelp(List<String> helpArgs) {
    Path jar = Repo.root().resolve("device-agent/target/backroom-agent.jar");
    if (!Files.isRegularFile(jar)) {
      System.out.println("(The agent jar is not built yet; ./backroom build, then this shows all"
          + " its flags.)");
      return 0;
    }
    Launch l = launch(helpArgs);
    try {
      return new ProcessBuilder(l.command()).inheritIO().start().waitFor();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 130;
    }
  }

  /** {@code backroom agent register}: the agent's enrolment with a hub. */
  @Command(name = "register", header = "Enrols this device with the hub (writes device-credential.json).",
      description = {"Enrols this device with the hub (java -jar backroom-agent.jar register"
          + " [flags]): --hub https://HUB:8080 --activation-id ID --activation-code CODE"
          + " --device-id ID (--ca-fingerprint sha256:HEX | --ca-file CA.pem) [--data-dir DIR].",
          "Writes <data-dir>/device-credential.json (mode 0600) and pins the hub's CA in"
              + " <data-dir>/hub-ca.pem, the only CA the agent trusts for ssl://. Exit 2 with the"
              + " hub's message when the hub refuses the activation, or when the hub's"
              + " certificate is not signed by the pinned CA."})
  static final class Register implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "REGISTER-FLAGS", description = "passed to agent register as they are")
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() {
      List<String> all = new ArrayList<>(List.of("register"));
      all.addAll(args);
      if (!args.isEmpty() && List.of("-h", "--help").contains(args.get(0))) {
        spec.commandLine().usage(spec.commandLine().getOut());
        spec.commandLine().getOut().println();
        spec.commandLine().getOut().flush();
        return agentHelp(all);
      }
      return agent(all);
    }
  }
}
