package dev.backroom.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a short-lived command to completion and keeps its exit code, stdout and stderr apart. */
public final class Command {
  private Command() {}

  public record Result(int exit, String stdout, String stderr) {
    public Result expectExit(int code) {
      if (exit != code) {
        throw new AssertionError("exit " + exit + ", expected " + code + "\nstdout: " + stdout
            + "\nstderr: " + stderr);
      }
      return this;
    }
  }

  /** Files rather than pipes, so a chatty command can never block on a full pipe. */
  public static Result run(List<String> cmd, int timeoutSeconds) {
    try {
      Path out = Files.createTempFile("cmd-out", ".txt");
      Path err = Files.createTempFile("cmd-err", ".txt");
      Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      p.getOutputStream().close();
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException(cmd + " did not finish within " + timeoutSeconds + " s");
      }
      Result r = new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
      return r;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + cmd, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
