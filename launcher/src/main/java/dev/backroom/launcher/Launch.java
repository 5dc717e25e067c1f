package dev.backroom.launcher;

import dev.backroom.harness.Repo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A long-running program the launcher has built the command line for (the hub, the cloud, an
 * agent, a benchmark), run in the repository root, so that the apps' own relative defaults (such
 * as the hub's {@code ./data/hub}) land there whatever the caller's directory.
 *
 * <p>Started by the {@code ./backroom} script, the launcher does not run it itself: it writes the
 * command to {@code $BACKROOM_LAUNCH_FILE} and the script {@code exec}s it. The hub then is the
 * process the caller started (its signals, its exit code) and no idle launcher JVM sits beside
 * it on a small store box. Run directly ({@code java -jar backroom-launcher.jar hub}), it starts
 * the program as a child and waits for it.
 */
public record Launch(Path workDir, Map<String, String> environment, List<String> command) {
  public static final String FILE_VARIABLE = "BACKROOM_LAUNCH_FILE";

  public static Launch java(Map<String, String> environment, List<String> jvmOptions,
      List<String> properties, List<String> main) {
    List<String> cmd = new ArrayList<>(List.of(Repo.java()));
    cmd.addAll(jvmOptions);
    cmd.addAll(properties);
    cmd.addAll(main);
    return new Launch(Repo.root(), environment, cmd);
  }

  /** Hands the command to the script, or runs it; returns the launcher's exit code. */
  public int run() {
    String file = System.getenv(FILE_VARIABLE);
    if (file != null && !file.isBlank()) {
      writeTo(Path.of(file));
      return 0;
    }
    try {
      ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile()).inheritIO();
      pb.environment().putAll(environment);
      Process p = pb.start();
      Thread stop = new Thread(() -> stop(p, Duration.ofSeconds(30)));
      Runtime.getRuntime().addShutdownHook(stop);
      return p.waitFor();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 130;
    }
  }

  /**
   * NUL-separated, which no argument can hold: the working directory, then {@code KEY=VALUE}
   * environment entries, then {@code --}, then the command. The script reads it with
   * {@code mapfile -d ''}.
   */
  void writeTo(Path file) {
    StringBuilder sb = new StringBuilder();
    sb.append(workDir).append('\0');
    environment.forEach((k, v) -> sb.append(k).append('=').append(v).append('\0'));
    sb.append("--").append('\0');
    command.forEach(c -> sb.append(c).append('\0'));
    try {
      Files.writeString(file, sb, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the command to " + file, e);
    }
  }

  private static void stop(Process p, Duration grace) {
    if (!p.isAlive()) {
      return;
    }
    p.destroy();
    try {
      if (!p.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
