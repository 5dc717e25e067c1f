package dev.backroom.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** A child process with its output in a log file, stopped gracefully or killed like kill -9. */
public class ManagedProcess implements AutoCloseable {
  private final String name;
  private final Supplier<List<String>> command;
  private final Path log;
  private final Map<String, String> environment;
  private Process process;

  public ManagedProcess(String name, List<String> command, Path log) {
    this(name, command, log, Map.of());
  }

  /** @param environment added to the inherited environment of every start */
  public ManagedProcess(String name, List<String> command, Path log, Map<String, String> environment) {
    this(name, fixed(command), log, environment);
  }

  private static Supplier<List<String>> fixed(List<String> command) {
    List<String> copy = List.copyOf(command);
    return () -> copy;
  }

  /**
   * @param command asked on every start, for a command that differs between starts (the hub's
   *     class archive is written by its first start and read by the later ones)
   */
  protected ManagedProcess(String name, Supplier<List<String>> command, Path log,
      Map<String, String> environment) {
    this.name = name;
    this.command = command;
    this.log = log;
    this.environment = Map.copyOf(environment);
  }

  public ManagedProcess start() {
    try {
      Files.createDirectories(log.getParent());
      ProcessBuilder pb = new ProcessBuilder(command.get()).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      pb.environment().putAll(environment);
      process = pb.start();
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name + ": " + command.get(), e);
    }
  }

  public Process process() {
    return process;
  }

  public boolean isAlive() {
    return process != null && process.isAlive();
  }

  public Path log() {
    return log;
  }

  public String name() {
    return name;
  }

  /** SIGKILL: no shutdown hooks, no clean MQTT disconnect, exactly like {@code kill -9}. */
  public void kill() {
    if (process != null) {
      process.destroyForcibly();
      await(10);
    }
  }

  /** SIGTERM, then SIGKILL after 15 s. */
  public void stop() {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!await(15)) {
        kill();
      }
    }
  }

  private boolean await(int seconds) {
    try {
      return process.waitFor(seconds, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** The last lines of the log, for failure messages. */
  public String tail(int lines) {
    try {
      List<String> all = Files.readAllLines(log);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  @Override
  public void close() {
    stop();
  }
}
