package dev.backroom.bench;

import dev.backroom.harness.Repo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** The commit a result was measured on, so a figure always names the code behind it. */
final class BenchCommit {
  private BenchCommit() {}

  /**
   * {@code <short sha>}, with " (uncommitted changes)" when the work tree differs from it;
   * result files are not code, so a bench run right after another one still names its commit.
   */
  static String describe() {
    String sha = git("rev-parse", "--short", "HEAD");
    String dirty = git("status", "--porcelain", "--untracked-files=no", "--", ".",
        ":(exclude)bench/results");
    return sha + (dirty.isBlank() ? "" : " (uncommitted changes)");
  }

  private static String git(String... args) {
    String[] cmd = new String[args.length + 3];
    cmd[0] = "git";
    cmd[1] = "-C";
    cmd[2] = Repo.root().toString();
    System.arraycopy(args, 0, cmd, 3, args.length);
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
        return "unknown (git " + String.join(" ", args) + " failed: " + out + ")";
      }
      return out;
    } catch (IOException e) {
      return "unknown (" + e.getMessage() + ")";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "unknown (interrupted)";
    }
  }
}
