package dev.backroom.launcher.run;

import dev.backroom.harness.Repo;
import dev.backroom.launcher.JavaOptions;
import dev.backroom.launcher.Launch;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code backroom soak [args]}: the soak module's runner. Its flags are its own (the soak refuses
 * an unknown one with exit 2), so they are handed over unread.
 */
@Command(name = "soak", header = "Runs the fault soak: real processes, seeded random faults,"
    + " invariants checked.",
    description = {"Runs java $BACKROOM_BENCH_JAVA_OPTS -cp"
        + " \"soak/target/backroom-soak.jar:soak/target/lib/*\" dev.backroom.soak.Main [args] in"
        + " the repository root: the real cloud, an enrolled hub and three agents on the Docker"
        + " engine, a workload through the hub's API, one fault at a time (kill -9, SIGSTOP,"
        + " docker kill/stop), invariants checked after each; result bench/results/soak.json.",
        "Arguments: [--minutes N] [--seed S] [--out FILE] [--mode embedded|mosquitto]"
            + " (docs/soak.md). Exit 0 every invariant held, 1 one failed (the seed and fault"
            + " history are printed), 2 a usage error, 3 the store did not start.",
        "The ./backroom script first finds a Docker engine (or starts a private one under"
            + " target/docker-bench), builds the image and runs the Maven build."})
public final class SoakCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(paramLabel = "ARGS", description = "the soak's own arguments")
  List<String> args = new ArrayList<>();

  @Override
  public Integer call() {
    if (!args.isEmpty() && List.of("-h", "--help", "help").contains(args.get(0))) {
      spec.commandLine().usage(spec.commandLine().getOut());
      return 0;
    }
    if (!Files.isRegularFile(Repo.root().resolve("soak/target/backroom-soak.jar"))) {
      throw new IllegalStateException("soak/target/backroom-soak.jar was not built");
    }
    List<String> main = new ArrayList<>(List.of("-cp",
        "soak/target/backroom-soak.jar:soak/target/lib/*", "dev.backroom.soak.Main"));
    main.addAll(args);
    return Launch.java(Map.of(), JavaOptions.bench(System.getenv()), List.of(), main).run();
  }
}
