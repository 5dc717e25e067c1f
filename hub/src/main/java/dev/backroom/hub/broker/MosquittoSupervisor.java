package dev.backroom.hub.broker;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.jboss.logging.Logger;

/**
 * Runs one Mosquitto as a child process: starts it and waits until it is up, hands every line
 * it writes to a reader on a thread of its own, restarts it with backoff when it dies, and stops
 * it (TERM, then KILL) with the hub. A JVM shutdown hook stops it too; {@link MosquittoLaunch}
 * says how it is started and how an orphan of a killed hub is stopped.
 *
 * <p>Up means: <em>our</em> process is alive, has logged {@code mosquitto version ... running}
 * (written once every listener is open) and its ports accept connections. A port that merely
 * accepts is not enough: another broker on it (Debian's system {@code mosquitto} on 1883) would
 * be mistaken for ours. When our broker cannot bind ({@code Error: Address already in use}) it
 * exits at once and the start fails with {@link MosquittoPortInUseException} naming the port.
 *
 * <p>Every broker process is forked from the watcher thread, which lives until {@link #close}:
 * {@code setpriv --pdeathsig} fires when the forking thread exits, so a short-lived thread
 * would take the broker down with it.
 */
public final class MosquittoSupervisor implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(MosquittoSupervisor.class);
  private static final Duration MIN_BACKOFF = Duration.ofMillis(500);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
  /** A broker that ran this long before dying is restarted at once (backoff starts over). */
  private static final Duration STABLE = Duration.ofSeconds(60);
  private static final int KEPT_LINES = 40;

  /** What the supervisor tells its owner besides the log lines. */
  public interface Listener {
    /** Every line the broker writes, on the reader thread, in order. */
    void line(String line);

    /** The broker died unasked; it is restarted after {@code backoff}. */
    default void died(int exitCode, Duration backoff, List<String> lastLines) {}

    /** A restarted broker is up again. */
    default void restarted() {}
  }

  private final MosquittoLaunch launch;
  private final String host;
  private final List<Integer> ports;
  private final Listener listener;
  private final Deque<String> lastLines = new ArrayDeque<>();
  private final Thread shutdownHook = new Thread(this::destroyNow, "mosquitto-shutdown");
  /** Counted down by {@link #close}: the hub's orderly stop has taken the broker down. */
  private final java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);
  /** How long the JVM shutdown hook leaves the hub's orderly stop to close the broker first. */
  static final Duration ORDERLY_STOP = Duration.ofSeconds(10);
  private volatile Process process;
  private volatile boolean stopping;
  private Thread watcher;

  /**
   * @param binary the mosquitto executable
   * @param ports every port the configuration listens on, the first the main one
   */
  public MosquittoSupervisor(String binary, java.nio.file.Path confFile, String host,
      List<Integer> ports, Listener listener) {
    this.launch = new MosquittoLaunch(binary, confFile);
    this.host = host;
    this.ports = List.copyOf(ports);
    this.listener = listener;
  }

  /**
   * Starts the broker from a new watcher thread and returns once it is up.
   *
   * @throws MosquittoPortInUseException when another process holds one of its ports
   * @throws IllegalStateException when it does not come up otherwise
   */
  public synchronized void start(Duration wait) {
    launch.stopOrphan();
    Runtime.getRuntime().addShutdownHook(shutdownHook);
    CompletableFuture<Void> up = new CompletableFuture<>();
    watcher = new Thread(() -> {
      try {
        launchAndAwait(wait);
        up.complete(null);
      } catch (RuntimeException e) {
        up.completeExceptionally(e);
        return;
      }
      watch();
    }, "mosquitto-watch");
    watcher.setDaemon(true);
    watcher.start();
    try {
      up.get();
    } catch (ExecutionException | InterruptedException e) {
      close();
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while starting mosquitto", e);
      }
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e);
    }
  }

  /** The running broker's pid, or -1. */
  public long pid() {
    Process p = process;
    return p != null && p.isAlive() ? p.pid() : -1;
  }

  private void launchAndAwait(Duration wait) {
    MosquittoStartup run = new MosquittoStartup(launch.start());
    process = run.process;
    Thread reader = new Thread(() -> read(run), "mosquitto-log");
    reader.setDaemon(true);
    reader.start();
    long deadline = System.nanoTime() + wait.toNanos();
    while (!(run.running() && run.process.isAlive() && ports.stream().allMatch(this::listens))) {
      if (!run.process.isAlive() || System.nanoTime() > deadline) {
        if (!run.process.isAlive()) {
          // It exited by itself and said why (a taken port): read that before destroy() closes
          // its output, which a reader still behind (a busy machine) would otherwise lose.
          awaitReader(reader);
        }
        MosquittoLaunch.destroy(run.process);
        awaitReader(reader);
        if (run.portInUse() > 0) {
          throw new MosquittoPortInUseException(host, run.portInUse(), lastLines());
        }
        throw new IllegalStateException("mosquitto did not come up on " + host + ":" + ports
            + (System.nanoTime() > deadline ? " within " + wait : "")
            + " (exit " + exitCode(run.process) + "); it said: " + String.join(" | ", lastLines()));
      }
      sleep(Duration.ofMillis(25));
    }
  }

  private void read(MosquittoStartup run) {
    try (BufferedReader r = new BufferedReader(
        new InputStreamReader(run.process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        run.accept(line);
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

  private static void awaitReader(Thread reader) {
    try {
      reader.join(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
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
      MosquittoLaunch.destroy(p);
    }
    launch.deletePidFile();
    closed.countDown();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // shutting down already: the hook is running or has run
    }
  }

  /**
   * The JVM shutdown hook: the safety net for a hub whose orderly stop never closes the broker.
   * JVM hooks run at once and side by side with Quarkus's own, so it first leaves the orderly
   * stop {@link #ORDERLY_STOP} to do it: killed first, the broker would deliver the devices'
   * last wills to a hub whose control loop still runs, which would take them for lost and move
   * their tasks while merely restarting (AutonomyIT saw that).
   */
  void destroyNow() {
    try {
      if (closed.await(ORDERLY_STOP.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
        return;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    stopping = true;
    Process p = process;
    if (p != null) {
      MosquittoLaunch.destroy(p);
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

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
