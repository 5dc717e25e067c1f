package dev.backroom.launcher.demo;

import dev.backroom.harness.Repo;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code backroom demo restart hub|agent|cloud}: brings a part of the running demo back. */
@Command(name = "restart", header = "Restarts (or starts again after it died) one part of the running demo.",
    mixinStandardHelpOptions = true,
    description = {"Asks the demo running with the same data directory to stop PART if it runs"
        + " and start it again on the same ports and data, then prints what it did. The other"
        + " parts and the running containers are left alone. Exit 0 when PART is back, 1 when"
        + " it could not start, 2 when no demo runs."})
public final class DemoRestartCommand implements Callable<Integer> {
  static final Duration WAIT = Duration.ofSeconds(150);

  @Parameters(paramLabel = "PART", description = "hub, agent or cloud")
  String part;

  @Option(names = "--data-dir", paramLabel = "DATA",
      description = "the running demo's data directory (default: data in the repository root)")
  Path dataDir;

  @Override
  public Integer call() throws InterruptedException {
    if (!DemoControl.PARTS.contains(part)) {
      System.err.println("backroom: demo restart: PART is one of " + DemoControl.PARTS
          + ", got '" + part + "'");
      return 64;
    }
    Path data = (dataDir != null ? dataDir : Repo.root().resolve("data")).toAbsolutePath();
    DemoControl control = new DemoControl(data);
    if (control.demoPid().isEmpty()) {
      System.err.println("backroom: demo restart: no demo runs with " + data
          + " (start one with ./backroom demo)");
      return 2;
    }
    if (!control.ask(part)) {
      System.err.println("backroom: demo restart: a restart of the " + part + " is already"
          + " pending");
      return 1;
    }
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      Optional<String> answer = control.result(part, true);
      if (answer.isPresent()) {
        System.out.println(answer.get());
        return answer.get().startsWith("ok") ? 0 : 1;
      }
      if (control.demoPid().isEmpty()) {
        System.err.println("backroom: demo restart: the demo stopped before answering");
        return 2;
      }
      Thread.sleep(200);
    }
    System.err.println("backroom: demo restart: no answer from the demo within " + WAIT);
    return 1;
  }
}
