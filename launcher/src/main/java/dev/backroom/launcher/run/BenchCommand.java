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
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code backroom bench NAME [args]}: a benchmark of the bench module. */
@Command(name = "bench", header = "Runs a benchmark, e.g. ./backroom bench desired-to-running.",
    description = {"Runs a benchmark: java $BACKROOM_BENCH_JAVA_OPTS -cp"
        + " \"bench/target/backroom-bench.jar:bench/target/lib/*\" dev.backroom.bench.Main NAME"
        + " [args], in the repository root, e.g. ./backroom bench desired-to-running.",
        "The ./backroom script first finds a Docker engine (or starts a private one under"
            + " target/docker-bench), builds the image and runs the Maven build, so that the"
            + " benchmark measures the code as it is."})
public final class BenchCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(paramLabel = "NAME-AND-ARGS",
      description = "the benchmark and its own arguments (./backroom bench NAME --help)")
  List<String> args = new ArrayList<>();

  @Override
  public Integer call() {
    if (args.isEmpty()) {
      throw new ParameterException(spec.commandLine(), "which benchmark?");
    }
    if (List.of("-h", "--help", "help").contains(args.get(0))) {
      spec.commandLine().usage(spec.commandLine().getOut());
      return 0;
    }
    if (!Files.isRegularFile(Repo.root().resolve("bench/target/backroom-bench.jar"))) {
      throw new IllegalStateException("bench/target/backroom-bench.jar was not built");
    }
    List<String> main = new ArrayList<>(List.of("-cp",
        "bench/target/backroom-bench.jar:bench/target/lib/*", "dev.backroom.bench.Main"));
    main.addAll(args);
    return Launch.java(Map.of(), JavaOptions.bench(System.getenv()), List.of(), main).run();
  }
}
