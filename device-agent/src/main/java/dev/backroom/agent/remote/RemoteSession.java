package dev.backroom.agent.remote;

import dev.backroom.mqtt.message.LogFrame;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One log tail or shell, named by the hub's session id. Numbers its frames and remembers when
 * the hub last showed interest, so an abandoned session can be ended.
 */
final class RemoteSession {
  final String id;
  final String containerId;
  private final String deviceId;
  private final FrameOutbox outbox;
  private final AtomicLong seq = new AtomicLong();
  private final AtomicLong droppedSinceSent = new AtomicLong();
  private final AtomicBoolean ended = new AtomicBoolean();
  private volatile Instant lastPing;
  /** Set once the stream is open; the log follower or the shell. */
  volatile AutoCloseable stream;
  volatile dev.backroom.agent.runtime.ContainerConsole.Shell shell;

  RemoteSession(String id, String deviceId, String containerId, FrameOutbox outbox, Instant now) {
    this.id = id;
    this.deviceId = deviceId;
    this.containerId = containerId;
    this.outbox = outbox;
    this.lastPing = now;
  }

  void pinged(Instant now) {
    lastPing = now;
  }

  Instant lastPing() {
    return lastPing;
  }

  /** Queues a frame; after drops, a {@code dropped} frame goes first so the viewer knows. */
  void send(String kind, String data) {
    send(kind, data, null);
  }

  /** {@code at}: when the container wrote a line (ISO-8601), null when unknown. */
  void send(String kind, String data, String at) {
    if (ended.get() && !LogFrame.END.equals(kind)) {
      return;
    }
    long lost = droppedSinceSent.get();
    if (lost > 0 && outbox.offer(frame(LogFrame.DROPPED, Long.toString(lost)))) {
      droppedSinceSent.addAndGet(-lost);
    }
    if (!outbox.offer(new LogFrame(deviceId, id, seq.incrementAndGet(), kind, data, at))) {
      droppedSinceSent.incrementAndGet();
    }
  }

  private LogFrame frame(String kind, String data) {
    return new LogFrame(deviceId, id, seq.incrementAndGet(), kind, data);
  }

  /** True the first time only: the caller then closes the stream and says goodbye. */
  boolean markEnded() {
    return ended.compareAndSet(false, true);
  }
}
