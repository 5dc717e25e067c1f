package dev.backroom.hub.ui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.backroom.config.json.Json;
import dev.backroom.hub.mqtt.HubMqtt;
import dev.backroom.hub.store.TaskRecord;
import dev.backroom.hub.store.TaskStore;
import dev.backroom.mqtt.message.ContainerStatus;
import dev.backroom.mqtt.message.DeviceCommand;
import dev.backroom.mqtt.message.LogFrame;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Bridges browser sessions to devices: a browser opens a log tail or terminal on a task, the
 * bridge sends the task's device a {@link DeviceCommand} on its {@code commands} topic, and
 * routes the {@link LogFrame}s that come back on {@code logs} to that browser. Sessions end when
 * either side closes, the device reports an end, a terminal idles past
 * {@code backroom.ui.session-idle-timeout}, or any session passes {@code session-max-age}; open
 * ones are pinged to their device so it can end the ones the hub forgot (restart, lost close).
 * Malformed browser messages and frames for unknown sessions are dropped and counted in
 * {@code backroom_ui_dropped_total{reason}}.
 *
 * <p>Browser protocol (JSON text). To the browser: {@code {"k":"line"|"out"|"gap"|"note"|"end",
 * "d":..}} (out is base64, gap a count of lost frames, note a separator to show). A line also
 * has {@code "t"}, its time (ISO-8601), and {@code "w"}: true when that is when the container
 * wrote it, false when the device did not say and it is when the hub received it. A log socket
 * opened with {@code ?after=<t of the last line>&same=<lines received with that t>} resumes
 * after that line ({@link LogResume}). From a terminal: {@code {"t":"in", "d":"typed text"}}
 * and {@code {"t":"resize","c":cols,"r":rows}}.
 */
@ApplicationScoped
public class SessionBridge {
  private static final Logger LOG = Logger.getLogger(SessionBridge.class);
  /** Lines of history a new log tail starts with, unless {@code backroom.ui.log-tail-lines}. */
  static final int TAIL_LINES = 200;

  @Inject HubMqtt mqtt;
  @Inject TaskStore tasks;
  @Inject UiConfig config;
  @Inject MeterRegistry meters;
  @Inject ExecAudit audit;

  private final ObjectMapper json = Json.mapper();
  private final Map<String, BridgeSession> sessions = new ConcurrentHashMap<>();
  /** Replaced by tests that move time. */
  Clock clock = Clock.systemUTC();
  private ScheduledExecutorService timer;

  @PostConstruct
  void start() {
    timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "ui-session-timer");
      t.setDaemon(true);
      return t;
    });
    long ms = config.pingInterval().toMillis();
    timer.scheduleWithFixedDelay(this::tick, ms, ms, TimeUnit.MILLISECONDS);
  }

  @PreDestroy
  void stop() {
    timer.shutdownNow();
    for (String id : sessions.keySet()) {
      close(id, "hub stopping");
    }
  }

  /**
   * Opens a session for task {@code taskId}; when refused (no such running task, too many
   * sessions, broker down) the browser is told why and closed, and empty is returned.
   */
  Optional<BridgeSession> open(String id, BridgeSession.Kind kind, String taskId, int cols,
      int rows, BridgeSession.Browser browser, ExecAudit.Who who) {
    return open(id, kind, taskId, cols, rows, browser, who, LogResume.fresh());
  }

  /** A log tail that resumes after the browser's last line ({@link LogResume}). */
  Optional<BridgeSession> openLog(String id, String taskId, BridgeSession.Browser browser,
      LogResume resume) {
    return open(id, BridgeSession.Kind.LOGS, taskId, 0, 0, browser, null, resume);
  }

  private Optional<BridgeSession> open(String id, BridgeSession.Kind kind, String taskId,
      int cols, int rows, BridgeSession.Browser browser, ExecAudit.Who who, LogResume resume) {
    Instant now = clock.instant();
    Optional<TaskRecord> task = tasks.find(taskId);
    String refusal = task.isEmpty() ? "no task " + taskId
        : !TaskRecord.RUNNING.equals(task.get().desiredStatus()) ? "task " + taskId + " is stopped"
        : sessions.size() >= config.maxSessions() ? "too many open sessions ("
            + config.maxSessions() + "); close another tab" : null;
    // A terminal names its container, so the device execs into the one the audit log names.
    ContainerStatus container = task.map(SessionBridge::execTarget).orElse(null);
    BridgeSession s = new BridgeSession(id, kind, taskId,
        task.map(TaskRecord::deviceId).orElse(null), browser, now,
        container == null ? null : container.name(),
        container == null ? null : container.containerId(), who);
    s.resume = resume;
    if (refusal == null) {
      sessions.put(id, s);
      DeviceCommand start = kind == BridgeSession.Kind.LOGS
          ? new DeviceCommand(s.deviceId, DeviceCommand.LOG_START, id, taskId, null, null, null,
              config.logTailLines())
          : new DeviceCommand(s.deviceId, DeviceCommand.EXEC_START, id, taskId, s.containerName,
              null, clamp(cols, 1, 1000, 80), clamp(rows, 1, 1000, 24));
      if (!mqtt.publishCommand(start, now.toEpochMilli())) {
        sessions.remove(id);
        refusal = "the hub's MQTT client is not connected";
      }
    }
    if (kind == BridgeSession.Kind.EXEC) {
      audit.opened(s, refusal);
    }
    if (refusal != null) {
      refuse(browser, refusal);
      return Optional.empty();
    }
    LOG.infof("%s session %s for task %s on %s", kind, id, taskId, s.deviceId);
    return Optional.of(s);
  }

  /**
   * The container a terminal opens into: the running one first in name order, as the device
   * picks when none is named; null when the device reported none running.
   */
  static ContainerStatus execTarget(TaskRecord t) {
    return t.containers() == null ? null : t.containers().stream()
        .filter(c -> c.name() != null && "running".equalsIgnoreCase(c.state()))
        .min(java.util.Comparator.comparing(ContainerStatus::name)).orElse(null);
  }

  /** A message from a terminal's browser; anything malformed is dropped and counted. */
  void fromBrowser(String id, String text) {
    BridgeSession s = sessions.get(id);
    if (s == null) {
      drop("unknown_session");
      return;
    }
    if (s.kind != BridgeSession.Kind.EXEC) {
      drop("not_a_terminal");
      return;
    }
    JsonNode m;
    try {
      m = json.readTree(text);
    } catch (IOException e) {
      drop("not_json");
      return;
    }
    String type = m == null ? null : m.path("t").asText(null);
    Instant now = clock.instant();
    DeviceCommand c;
    if ("in".equals(type) && m.path("d").isTextual()) {
      String b64 = Base64.getEncoder().encodeToString(
          m.get("d").asText().getBytes(StandardCharsets.UTF_8));
      if (b64.length() > DeviceCommand.MAX_DATA_CHARS) {
        drop("input_too_large");
        return;
      }
      s.input(now);
      c = new DeviceCommand(s.deviceId, DeviceCommand.EXEC_INPUT, id, s.taskId, null, b64, null,
          null);
    } else if ("resize".equals(type) && m.path("c").canConvertToInt()
        && m.path("r").canConvertToInt()) {
      c = new DeviceCommand(s.deviceId, DeviceCommand.EXEC_RESIZE, id, s.taskId, null, null,
          clamp(m.get("c").asInt(), 1, 1000, 80), clamp(m.get("r").asInt(), 1, 1000, 24));
    } else {
      drop("bad_message");
      return;
    }
    mqtt.publishCommand(c, now.toEpochMilli());
  }

  /** Ends a session from the hub's side: the device is told, the browser closed. */
  void close(String id, String reason) {
    BridgeSession s = sessions.remove(id);
    if (s == null || !s.markClosed()) {
      return;
    }
    mqtt.publishCommand(new DeviceCommand(s.deviceId, DeviceCommand.CLOSE, id, s.taskId, null,
        null, null, null), clock.millis());
    ended(s, reason);
    s.browser.close(reason);
    LOG.debugf("session %s closed: %s", id, reason);
  }

  /** Frames from devices, on the MQTT thread: forwarded without blocking. */
  void onFrame(@Observes LogFrame f) {
    BridgeSession s = sessions.get(f.sessionId());
    if (s == null || !s.deviceId.equals(f.deviceId())) {
      // Late frames of a closed session land here too; a device naming another's session
      // would as well, and must not reach that browser.
      drop(s == null ? "unknown_session" : "wrong_device");
      return;
    }
    long gap = s.gapBefore(f.seq());
    if (gap > 0) {
      toBrowser(s, "gap", Long.toString(gap));
    }
    switch (f.kind()) {
      case LogFrame.LINE -> line(s, f);
      case LogFrame.OUTPUT -> toBrowser(s, "out", f.data());
      case LogFrame.DROPPED -> toBrowser(s, "gap", f.data());
      case LogFrame.END -> {
        sessions.remove(s.id);
        if (s.markClosed()) {
          String reason = f.data() == null ? "ended on the device" : f.data();
          ended(s, reason);
          s.browser.close(reason);
        }
      }
      default -> drop("bad_frame");
    }
  }

  /** Every session's end passes here once: a terminal's is audited with how long it lasted. */
  private void ended(BridgeSession s, String reason) {
    if (s.kind == BridgeSession.Kind.EXEC) {
      audit.closed(s, reason, clock.instant());
    }
  }

  /**
   * A log line to the browser with its time, unless a resumed tail's browser has it already;
   * where the resumed tail does not join up, a note says so first.
   */
  private void line(BridgeSession s, LogFrame f) {
    Instant at = f.atInstant();
    Instant now = clock.instant();
    switch (s.resume.next(at)) {
      case SKIP -> {
        return;
      }
      case SHOW_AFTER_MISSED -> toBrowser(s, "note", "lines written between "
          + UiFormat.clock(s.resume.after(), now) + " and " + UiFormat.clock(at, now)
          + " may be missing: a reconnected tail resumes with the last " + config.logTailLines()
          + " lines");
      case SHOW_UNSURE -> toBrowser(s, "note", "reconnected; this device does not say when "
          + "lines were written, so lines may repeat");
      case SHOW -> { }
    }
    String text = json.createObjectNode().put("k", "line").put("d", f.data() == null ? "" : f.data())
        .put("t", (at == null ? now : at).toString()).put("w", at != null).toString();
    if (!s.browser.send(text)) {
      drop("browser_slow");
    }
  }

  private void toBrowser(BridgeSession s, String kind, String data) {
    if (!s.browser.send(frame(kind, data))) {
      drop("browser_slow");
    }
  }

  String frame(String kind, String data) {
    return json.createObjectNode().put("k", kind).put("d", data == null ? "" : data).toString();
  }

  private void refuse(BridgeSession.Browser browser, String reason) {
    drop("refused");
    browser.close(reason);
  }

  void tick() {
    Instant now = clock.instant();
    for (BridgeSession s : sessions.values()) {
      if (s.openedAt.plus(config.sessionMaxAge()).isBefore(now)) {
        close(s.id, "session older than " + config.sessionMaxAge().toMinutes() + " min; reopen it");
      } else if (s.kind == BridgeSession.Kind.EXEC
          && s.lastInput().plus(config.sessionIdleTimeout()).isBefore(now)) {
        close(s.id, "terminal idle for " + config.sessionIdleTimeout().toMinutes() + " min");
      } else {
        mqtt.publishCommand(new DeviceCommand(s.deviceId, DeviceCommand.PING, s.id, s.taskId,
            null, null, null, null), now.toEpochMilli());
      }
    }
  }

  int openSessions() {
    return sessions.size();
  }

  private void drop(String reason) {
    meters.counter("backroom.ui.dropped", "reason", reason).increment();
  }

  private static int clamp(int v, int min, int max, int fallback) {
    return v < min || v > max ? fallback : v;
  }
}
