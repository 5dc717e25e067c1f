package dev.backroom.hub.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * How {@link MosquittoSupervisor} starts a broker process and what it leaves on disk: the command
 * line, the pid file, and the stopping of a broker a killed hub left behind (recognised by that
 * pid file and its configuration path), so the port is never held by an orphan.
 *
 * <p>The child is {@code sh -c 'umask 077; ulimit -n <hard>; exec setpriv --pdeathsig TERM --
 * stdbuf -oL mosquitto -c <conf>'}: Java cannot set a child's rlimits, and a thousand devices
 * need more descriptors than the usual soft limit of 1024; Mosquitto writes its log through
 * stdio, which a pipe would buffer in 4 KiB blocks, so {@code stdbuf} makes it line-buffered.
 * {@code setpriv --pdeathsig TERM} has the kernel stop the broker when the thread that forked it
 * exits (Linux ties the parent-death signal to the thread, not the process), a hub killed with
 * SIGKILL included; the supervisor therefore forks from its own watcher thread, which lives
 * exactly as long as the supervisor.
 */
final class MosquittoLaunch {
  private static final Logger LOG = Logger.getLogger(MosquittoLaunch.class);
  private static final Duration STOP_GRACE = Duration.ofSeconds(5);

  private final List<String> command;
  private final Path confFile;
  private final Path pidFile;

  MosquittoLaunch(String binary, Path confFile) {
    this.confFile = confFile.toAbsolutePath();
    this.pidFile = this.confFile.resolveSibling("mosquitto.pid");
    List<String> c = new ArrayList<>(List.of("/bin/sh", "-c",
        "umask 077; ulimit -n \"$(ulimit -Hn)\" 2>/dev/null; exec \"$0\" \"$@\""));
    executable("setpriv").ifPresent(p -> c.addAll(List.of(p, "--pdeathsig", "TERM", "--")));
    executable("stdbuf").ifPresent(p -> c.addAll(List.of(p, "-oL")));
    if (c.size() == 3) {
      c.add("/usr/bin/env");
    }
    c.addAll(List.of(binary, "-c", this.confFile.toString()));
    this.command = List.copyOf(c);
  }

  /** Starts the process (stdout and stderr merged) and records its pid. */
  Process start() {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      writePid(p.pid());
      return p;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command, e);
    }
  }

  void deletePidFile() {
    try {
      Files.deleteIfExists(pidFile);
    } catch (IOException e) {
      LOG.debugf("cannot delete %s: %s", pidFile, e.getMessage());
    }
  }

  /** A broker left by a hub that was killed: same pid file, same configuration path. */
  void stopOrphan() {
    try {
      if (!Files.exists(pidFile)) {
        return;
      }
      long pid = Long.parseLong(Files.readString(pidFile).trim());
      Optional<ProcessHandle> h = ProcessHandle.of(pid);
      if (h.isPresent() && h.get().isAlive() && h.get().info().commandLine()
          .map(c -> c.contains(confFile.toString())).orElse(false)) {
        LOG.warnf("stopping mosquitto pid %d left over from an earlier hub", pid);
        h.get().destroy();
        if (!h.get().onExit().completeOnTimeout(null, STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)
            .thenApply(x -> !h.get().isAlive()).join()) {
          h.get().destroyForcibly();
        }
      }
    } catch (IOException | NumberFormatException e) {
      LOG.debugf("ignoring unreadable %s: %s", pidFile, e.getMessage());
    }
  }

  /** TERM, then KILL after a grace period. */
  static void destroy(Process p) {
    p.destroy();
    try {
      if (!p.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warnf("mosquitto (pid %d) ignored TERM for %s; killing it", p.pid(), STOP_GRACE);
        p.destroyForcibly().waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private void writePid(long pid) throws IOException {
    if (!Files.exists(pidFile)) {
      Files.createFile(pidFile, PosixFilePermissions.asFileAttribute(
          PosixFilePermissions.fromString("rw-------")));
    }
    Files.writeString(pidFile, Long.toString(pid));
  }

  private static Optional<String> executable(String name) {
    for (String dir : List.of("/usr/bin", "/bin", "/usr/local/bin")) {
      Path p = Path.of(dir, name);
      if (Files.isExecutable(p)) {
        return Optional.of(p.toString());
      }
    }
    LOG.warnf("%s is not installed: %s", name, name.equals("stdbuf")
        ? "the broker's log reaches the hub in 4 KiB blocks" : "a hub killed with SIGKILL leaves its"
            + " broker running until the hub starts again");
    return Optional.empty();
  }
}
