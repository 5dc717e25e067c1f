package dev.backroom.hub.broker;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Hands what the broker's log reader finds to a thread of its own. The reader must never wait:
 * while it waits, Mosquitto's stdout pipe fills and Mosquitto blocks on its next log line, so a
 * client reconnecting with new client ids and forbidden Wills could stall the broker by making
 * the hub's event writes (fsynced H2) fall behind. The queue is bounded; when it is full a finding
 * is dropped and counted ({@link #dropped()}, and {@code onDrop} for the metric), never waited for.
 */
final class FindingQueue<T> implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(FindingQueue.class);

  private final BlockingQueue<T> queue;
  private final Consumer<T> sink;
  private final Runnable onDrop;
  private final AtomicLong dropped = new AtomicLong();
  private final Thread drainer;
  private volatile boolean closed;

  /**
   * @param sink called for each finding, in order, on the drain thread
   * @param onDrop called on the offering thread for each finding dropped; keep it quick
   */
  FindingQueue(int capacity, String threadName, Consumer<T> sink, Runnable onDrop) {
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.sink = sink;
    this.onDrop = onDrop;
    this.drainer = new Thread(this::drain, threadName);
    drainer.setDaemon(true);
    drainer.start();
  }

  /** Queues {@code item}, or drops and counts it when the queue is full; never blocks. */
  boolean offer(T item) {
    if (queue.offer(item)) {
      return true;
    }
    long n = dropped.incrementAndGet();
    onDrop.run();
    if (Long.bitCount(n) == 1) { // 1, 2, 4, 8, ...: a flood is logged, not every drop
      LOG.warnf("broker findings arrive faster than the hub records them: %d dropped so far", n);
    }
    return false;
  }

  long dropped() {
    return dropped.get();
  }

  int queued() {
    return queue.size();
  }

  private void drain() {
    while (!closed) {
      T item;
      try {
        item = queue.take();
      } catch (InterruptedException e) {
        return;
      }
      try {
        sink.accept(item);
      } catch (RuntimeException e) {
        LOG.errorf(e, "recording a broker finding failed: %s", item);
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    drainer.interrupt();
  }
}
