package dev.backroom.hub.broker;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Runs one Mosquitto as a child process: starts it and waits until it listens, hands every line
 * it writes to a reader on a thread of its own, restarts it with backoff when it dies, and stops
 * it (TERM, then KILL) with the hub. A JVM shutdown hook stops it too, and a broker a killed hub
 * left behind (recognised by its pid file and its configuration path) is stopped before a new
 * one starts, so the port is never held by an orphan.
 *
 * <p>The child is {@code sh -c 'umask 077; ulimit -n <hard>; exec setpriv --pdeathsig TERM --
 * stdbuf -oL mosquitto -c <conf>'}: Java cannot set a child's rlimits, and a thousand devices need more descriptors than the usual soft
 * limit of 1024; Mosquitto writes its log through stdio, which a pipe would buffer in 4 KiB
 * blocks, so {@code stdbuf} makes it line-buffered and every line arrives when it is written.
 * {@code setpriv --pdeathsig TERM} has the kernel stop the broker when the JVM thread that
 * started it dies, a hub killed with SIGKILL included (the hub starts it from its main thread,
 * which lives as long as the hub, and restarts it from its watcher, which does too).
 */
public final class MosquittoSupervisor implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(MosquittoSupervisor.class);
  private static final Duration MIN_BACKOFF = Duration.ofMillis(500);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
  /** A broker that ran this long before dying is restarted at once (backoff starts over). */
  private static final Duration STABLE = Duration.ofSeconds(60);
  private static final Duration STOP_GRACE = Duration.ofSeconds(5);
  private static final int KEPT_LINES = 40;

  /** What the supervisor tells its owner besides the log lines. */
  public interface Listener {
    /** Every line the broker writes, on the reader thread, in order. */
    void line(String line);

    /** The broker died unasked; it is restarted after {@code backoff}. */
    default void died(int exitCode, Duration backoff, List<String> lastLines) {}

    /** A restarted broker listens again. */
    default void restarted() {}
  }

  private final List<String> command;
  private final Path confFile;
  private final Path pidFile;
  private final String host;
  private final List<Integer> ports;
  private final Listener listener;
  private final Deque<String> lastLines = new ArrayDeque<>();
  private final Thread shutdownHook = new Thread(this::destroyNow, "mosquitto-shutdown");
  private volatile Process process;
  private volatile boolean stopping;
  private Thread watcher;

  /**
   * @param binary the mosquitto executable
   * @param ports every port the configuration listens on, the first the main one
   */
  public MosquittoSupervisor(String binary, Path confFile, String host, List<Integer> ports,
      Listener listener) {
    this.confFile = confFile.toAbsolutePath();
    this.pidFile = this.confFile.resolveSibling("mosquitto.pid");
    this.host = host;
    this.ports = List.copyOf(ports);
    this.listener = listener;
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

  /** Starts the broker and returns once every listener accepts connections. */
  public synchronized void start(Duration wait) {
    stopOrphan();
    Runtime.getRuntime().addShutdownHook(shutdownHook);
    launchAndAwait(wait);
    watcher = new Thread(this::watch, "mosquitto-watch");
    watcher.setDaemon(true);
    watcher.start();
  }

  /** The running broker's pid, or -1. */
  public long pid() {
    Process p = process;
    return p != null && p.isAlive() ? p.pid() : -1;
  }

  private void launchAndAwait(Duration wait) {
    Process p;
    try {
      p = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command, e);
    }
    process = p;
    writePid(p.pid());
    Thread reader = new Thread(() -> read(p), "mosquitto-log");
    reader.setDaemon(true);
    reader.start();
    long deadline = System.nanoTime() + wait.toNanos();
    for (int port : ports) {
      while (!listens(port)) {
        if (!p.isAlive() || System.nanoTime() > deadline) {
          destroy(p);
          throw new IllegalStateException("mosquitto did not come up on " + host + ":" + port
              + (p.isAlive() ? " within " + wait : " (exit " + exitCode(p) + ")") + "; it said: "
              + String.join(" | ", lastLines()));
        }
        sleep(Duration.ofMillis(25));
      }
    }
  }

  private void read(Process p) {
    try (BufferedReader r = new BufferedReader(
        new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        synchronized (lastLines) {
          if (lastLines.size() == KEPT_LINES) {
            lastLines.removeFirst();
          }
          lastLines.addLast(line);
        }
        try {
          listener.line(line);
        } catch (RuntimeException e) {
          LOG.errorf(e, "handling broker log line failed: %s", line);
        }
      }
    } catch (IOException e) {
      if (!stopping) {
        LOG.warnf("reading the broker's output failed: %s", e.getMessage());
      }
    }
  }

  private void watch() {
    Duration backoff = MIN_BACKOFF;
    while (!stopping) {
      Process p = process;
      long started = System.nanoTime();
      int code;
      try {
        code = p.waitFor();
      } catch (InterruptedException e) {
        return;
      }
      if (stopping) {
        return;
      }
      if (System.nanoTime() - started > STABLE.toNanos()) {
        backoff = MIN_BACKOFF;
      }
      List<String> said = lastLines();
      LOG.errorf("mosquitto exited unasked (exit %d); restarting in %s. Its last lines: %s", code,
          backoff, String.join(" | ", said));
      listener.died(code, backoff, said);
      while (!stopping) {
        sleep(backoff);
        backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF
            : backoff.multipliedBy(2);
        synchronized (this) {
          if (stopping) {
            return;
          }
          try {
            launchAndAwait(Duration.ofSeconds(10));
            LOG.infof("mosquitto restarted (pid %d)", process.pid());
            listener.restarted();
            break;
          } catch (RuntimeException e) {
            LOG.errorf("mosquitto restart failed: %s; next try in %s", e.getMessage(), backoff);
          }
        }
      }
    }
  }

  /** Stops the broker: TERM, then KILL after a grace period. Idempotent. */
  @Override
  public synchronized void close() {
    stopping = true;
    if (watcher != null) {
      watcher.interrupt();
    }
    Process p = process;
    if (p != null) {
      destroy(p);
    }
    try {
      Files.deleteIfExists(pidFile);
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IOException | IllegalStateException e) {
      // shutting down already, or the file is gone: nothing is left to clean
    }
  }

  private void destroyNow() {
    stopping = true;
    Process p = process;
    if (p != null) {
      destroy(p);
    }
  }

  private static void destroy(Process p) {
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

  /** A broker left by a hub that was killed: same pid file, same configuration path. */
  private void stopOrphan() {
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

  private void writePid(long pid) {
    try {
      if (!Files.exists(pidFile)) {
        Files.createFile(pidFile, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
            java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
      }
      Files.writeString(pidFile, Long.toString(pid));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private boolean listens(int port) {
    String dial = host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host;
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(dial, port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private List<String> lastLines() {
    synchronized (lastLines) {
      return List.copyOf(lastLines);
    }
  }

  private static int exitCode(Process p) {
    try {
      return p.exitValue();
    } catch (IllegalThreadStateException e) {
      return -1;
    }
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

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
