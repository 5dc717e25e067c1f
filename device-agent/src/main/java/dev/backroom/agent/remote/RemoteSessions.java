package dev.backroom.agent.remote;

import dev.backroom.agent.model.ObservedContainer;
import dev.backroom.agent.runtime.ContainerConsole;
import dev.backroom.agent.runtime.ContainerRuntime;
import dev.backroom.mqtt.message.DeviceCommand;
import dev.backroom.mqtt.message.LogFrame;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs the hub's {@link DeviceCommand}s: log tails and shells into this device's containers,
 * and restarts. Commands are handed over from the MQTT thread and run on one thread of their own,
 * since they call Docker. Sessions are bounded in number; one the hub stops pinging for
 * {@link #IDLE} (a hub that restarted, a closed tab whose close was lost) is ended here.
 */
public final class RemoteSessions implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(RemoteSessions.class.getName());
  /** The hub pings every open session every few seconds; three missed pings end it. */
  public static final Duration IDLE = Duration.ofSeconds(30);
  static final int MAX_SESSIONS = 8;
  static final int DEFAULT_TAIL = 100;
  private static final int OUTBOX_FRAMES = 2_000;
  /** Exec output arrives in chunks of any size; base64 of this stays within a frame's limit. */
  private static final int OUTPUT_CHUNK = 16 * 1024;

  private final String deviceId;
  private final ContainerRuntime runtime;
  private final ContainerConsole console;
  private final Consumer<String> restart;
  private final Clock clock;
  private final FrameOutbox outbox;
  private final Map<String, RemoteSession> sessions = new ConcurrentHashMap<>();
  private final ScheduledExecutorService thread;

  /**
   * @param restart replaces a task's containers (the agent loop's own thread does it)
   * @param publish sends one frame to the hub; false when not connected
   */
  public RemoteSessions(String deviceId, ContainerRuntime runtime, ContainerConsole console,
      Consumer<String> restart, Predicate<LogFrame> publish, Clock clock) {
    this.deviceId = deviceId;
    this.runtime = runtime;
    this.console = console;
    this.restart = restart;
    this.clock = clock;
    this.outbox = new FrameOutbox(deviceId, OUTBOX_FRAMES, publish);
    this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "agent-remote-" + deviceId);
      t.setDaemon(true);
      return t;
    });
    thread.scheduleWithFixedDelay(this::sweep, 5, 5, TimeUnit.SECONDS);
  }

  /** Takes a decoded command from any thread; returns at once. */
  public void accept(DeviceCommand c) {
    thread.execute(() -> {
      try {
        handle(c);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "command " + c.action() + " failed", e);
        if (c.sessionId() != null) {
          end(c.sessionId(), "failed: " + e.getMessage());
        }
      }
    });
  }

  private void handle(DeviceCommand c) {
    Instant now = clock.instant();
    RemoteSession s = c.sessionId() == null ? null : sessions.get(c.sessionId());
    switch (c.action()) {
      case DeviceCommand.RESTART -> restart.accept(c.taskId());
      case DeviceCommand.LOG_START, DeviceCommand.EXEC_START -> open(c, now);
      case DeviceCommand.PING -> {
        if (s != null) {
          s.pinged(now);
        } else {
          // The device forgot it (agent restart): tell the hub instead of staying silent.
          new RemoteSession(c.sessionId(), deviceId, null, outbox, now)
              .send(LogFrame.END, "no such session");
        }
      }
      case DeviceCommand.EXEC_INPUT -> {
        if (s != null && s.shell != null && c.data() != null) {
          s.pinged(now);
          if (!s.shell.write(decode(c.data()))) {
            LOG.fine("shell input dropped: buffer full");
          }
        }
      }
      case DeviceCommand.EXEC_RESIZE -> {
        if (s != null && s.shell != null && c.cols() != null && c.rows() != null) {
          s.shell.resize(c.cols(), c.rows());
        }
      }
      case DeviceCommand.CLOSE -> end(c.sessionId(), "closed by the hub");
      default -> LOG.fine("ignoring command " + c.action());
    }
  }

  private void open(DeviceCommand c, Instant now) {
    if (sessions.containsKey(c.sessionId())) {
      return; // a duplicate delivery of the start command (QoS 1)
    }
    Optional<ObservedContainer> target = containerOf(c.taskId(), c.containerName());
    RemoteSession s = new RemoteSession(c.sessionId(), deviceId,
        target.map(ObservedContainer::id).orElse(null), outbox, now);
    if (target.isEmpty()) {
      s.send(LogFrame.END, "task " + c.taskId() + " has no running container on " + deviceId);
      return;
    }
    if (sessions.size() >= MAX_SESSIONS) {
      s.send(LogFrame.END, "too many sessions on " + deviceId + " (" + MAX_SESSIONS + ")");
      return;
    }
    sessions.put(s.id, s);
    String containerId = target.get().id();
    if (c.action().equals(DeviceCommand.LOG_START)) {
      int tail = c.rows() == null ? DEFAULT_TAIL : c.rows();
      s.stream = console.followLog(containerId, tail, (at, line) -> s.send(LogFrame.LINE,
          cut(line), at == null ? null : at.toString()), reason -> end(s.id, reason));
    } else {
      ContainerConsole.Shell shell = console.exec(containerId,
          c.cols() == null ? 80 : c.cols(), c.rows() == null ? 24 : c.rows(),
          bytes -> sendOutput(s, bytes), reason -> end(s.id, reason));
      s.shell = shell;
      s.stream = shell;
    }
    LOG.log(Level.INFO, "{0} session {1} on container {2} of task {3}", new Object[] {
        c.action(), s.id, shortId(containerId), c.taskId()});
  }

  private static void sendOutput(RemoteSession s, byte[] bytes) {
    Base64.Encoder b64 = Base64.getEncoder();
    for (int off = 0; off < bytes.length; off += OUTPUT_CHUNK) {
      int len = Math.min(OUTPUT_CHUNK, bytes.length - off);
      byte[] part = new byte[len];
      System.arraycopy(bytes, off, part, 0, len);
      s.send(LogFrame.OUTPUT, b64.encodeToString(part));
    }
  }

  /** Ends a session once: closes its stream and sends the hub an {@code end} frame. */
  private void end(String sessionId, String reason) {
    RemoteSession s = sessions.remove(sessionId);
    if (s == null || !s.markEnded()) {
      return;
    }
    AutoCloseable stream = s.stream;
    if (stream != null) {
      try {
        stream.close();
      } catch (Exception e) {
        LOG.log(Level.FINE, "closing session stream failed", e);
      }
    }
    s.send(LogFrame.END, reason);
    LOG.log(Level.INFO, "session {0} ended: {1}", new Object[] {sessionId, reason});
  }

  /** Ends sessions the hub stopped pinging. */
  void sweep() {
    Instant cutoff = clock.instant().minus(IDLE);
    for (RemoteSession s : sessions.values()) {
      if (s.lastPing().isBefore(cutoff)) {
        end(s.id, "idle: no ping from the hub for " + IDLE.toSeconds() + " s");
      }
    }
  }

  private Optional<ObservedContainer> containerOf(String taskId, String containerName) {
    return runtime.list().stream()
        .filter(o -> o.key() != null && o.key().taskId().equals(taskId))
        .filter(o -> containerName == null || o.key().containerName().equals(containerName))
        .filter(ObservedContainer::isRunning)
        .min(Comparator.comparing((ObservedContainer o) -> o.key().containerName()));
  }

  private static byte[] decode(String b64) {
    try {
      return Base64.getDecoder().decode(b64);
    } catch (IllegalArgumentException e) {
      return new byte[0];
    }
  }

  private static String cut(String line) {
    return line.length() <= LogFrame.MAX_DATA_CHARS ? line
        : line.substring(0, LogFrame.MAX_DATA_CHARS - 1) + "\u2026";
  }

  private static String shortId(String id) {
    return id.length() > 12 ? id.substring(0, 12) : id;
  }

  public int openSessions() {
    return sessions.size();
  }

  /** Frames dropped because the queue to the hub was full or the hub unreachable. */
  public long droppedFrames() {
    return outbox.dropped();
  }

  @Override
  public void close() {
    for (String id : sessions.keySet()) {
      end(id, "agent stopping");
    }
    thread.shutdownNow();
    outbox.close();
    console.close();
  }
}
