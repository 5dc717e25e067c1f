package dev.backroom.agent.remote;

import dev.backroom.mqtt.message.LogFrame;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The bounded queue between Docker's stream threads and MQTT. A container that prints faster
 * than the link carries loses frames here (counted, and announced to the hub as a
 * {@code dropped} frame), never memory. One daemon thread publishes in order.
 */
final class FrameOutbox implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(FrameOutbox.class.getName());

  private final BlockingQueue<LogFrame> queue;
  private final Predicate<LogFrame> publish;
  private final AtomicLong dropped = new AtomicLong();
  private final Thread sender;
  private volatile boolean closed;

  FrameOutbox(String deviceId, int capacity, Predicate<LogFrame> publish) {
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.publish = publish;
    this.sender = new Thread(this::run, "agent-logs-" + deviceId);
    sender.setDaemon(true);
    sender.start();
  }

  /** False (and counted) when the queue is full. */
  boolean offer(LogFrame f) {
    if (queue.offer(f)) {
      return true;
    }
    dropped.incrementAndGet();
    return false;
  }

  long dropped() {
    return dropped.get();
  }

  private void run() {
    while (!closed) {
      try {
        LogFrame f = queue.poll(1, TimeUnit.SECONDS);
        if (f != null && !publish.test(f)) {
          dropped.incrementAndGet(); // not connected: the viewer sees a gap in seq
        }
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "publishing a log frame failed", e);
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    sender.interrupt();
  }
}
