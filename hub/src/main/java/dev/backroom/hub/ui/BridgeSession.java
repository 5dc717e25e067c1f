package dev.backroom.hub.ui;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One browser's log tail or terminal, bridged to one device. {@code id} is also the session id
 * on the device. The browser side is abstract ({@link Browser}) so the bridge is testable
 * without a socket.
 */
final class BridgeSession {
  enum Kind { LOGS, EXEC }

  /** Where frames for the browser go; {@code send} must not block. */
  interface Browser {
    /** False when the browser's queue is full and the text was dropped. */
    boolean send(String text);

    void close(String reason);
  }

  final String id;
  final Kind kind;
  final String taskId;
  /** The device the task runs on; null only for a session refused for want of a task. */
  final String deviceId;
  final Browser browser;
  final Instant openedAt;
  /** The container a terminal runs in, as the hub last heard of it; null when unknown. */
  final String containerName;
  final String containerId;
  /** Who opened a terminal (for the audit log); null for a log tail. */
  final ExecAudit.Who who;
  private volatile Instant lastInput;
  /** Where a log tail resumes; read and advanced on the MQTT thread only. */
  LogResume resume = LogResume.fresh();
  private final AtomicLong lastSeq = new AtomicLong();
  private final AtomicBoolean closed = new AtomicBoolean();

  BridgeSession(String id, Kind kind, String taskId, String deviceId, Browser browser,
      Instant now, String containerName, String containerId, ExecAudit.Who who) {
    this.containerName = containerName;
    this.containerId = containerId;
    this.who = who;
    this.id = id;
    this.kind = kind;
    this.taskId = taskId;
    this.deviceId = deviceId;
    this.browser = browser;
    this.openedAt = now;
    this.lastInput = now;
  }

  void input(Instant now) {
    lastInput = now;
  }

  Instant lastInput() {
    return lastInput;
  }

  /** Records {@code seq}; returns how many frames went missing before it (0 when none). */
  long gapBefore(long seq) {
    long prev = lastSeq.getAndAccumulate(seq, Math::max);
    return seq > prev + 1 ? seq - prev - 1 : 0;
  }

  boolean markClosed() {
    return closed.compareAndSet(false, true);
  }
}
