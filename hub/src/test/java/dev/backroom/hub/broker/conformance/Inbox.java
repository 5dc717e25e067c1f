package dev.backroom.hub.broker.conformance;

import dev.backroom.hub.broker.conformance.RawMqtt.Packet;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * What one connection received, for {@link RawClient}: every PUBLISH kept in order, the other
 * packets queued for whoever waits for them, and the connection's end as an event of its own.
 * Filled by the connection's reader thread; every wait is bounded.
 */
final class Inbox {
  /** Stands in the queue for "the connection is over". */
  static final Packet CLOSED = new Packet(-1, 0, new byte[0]);

  private final BlockingQueue<Packet> control = new LinkedBlockingQueue<>();
  private final List<Packet> publishes = new CopyOnWriteArrayList<>();
  private final CountDownLatch closed = new CountDownLatch(1);

  /** Called by the reader thread, in the order the packets arrived. */
  void add(Packet p) {
    if (p.isPublish()) {
      synchronized (publishes) {
        publishes.add(p);
        publishes.notifyAll();
      }
    } else {
      control.add(p);
    }
  }

  /** Called once by the reader thread when the connection ends, after its last packet. */
  void close() {
    control.add(CLOSED);
    synchronized (publishes) {
      closed.countDown();
      publishes.notifyAll();
    }
  }

  List<Packet> publishes() {
    return List.copyOf(publishes);
  }

  /** The first PUBLISH received that matches, waiting up to {@code bound}; null if none. */
  Packet awaitPublish(Predicate<Packet> match, Duration bound) {
    long deadline = System.nanoTime() + bound.toNanos();
    synchronized (publishes) {
      while (true) {
        boolean over = closed.getCount() == 0; // read first: every PUBLISH is recorded before
        for (Packet p : publishes) {
          if (match.test(p)) {
            return p;
          }
        }
        long left = deadline - System.nanoTime();
        if (left <= 0 || over) {
          return null;
        }
        try {
          publishes.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return null;
        }
      }
    }
  }

  /**
   * The next packet of {@code type} (and {@code packetId}, unless it is negative), passing over
   * others; {@link #CLOSED} when the connection ended first, null when {@code bound} ran out.
   */
  Packet await(int type, int packetId, Duration bound) {
    long deadline = System.nanoTime() + bound.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      Packet p;
      try {
        p = control.poll(Math.max(left, 0), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      }
      if (p == CLOSED) {
        control.add(CLOSED); // stays the last word for every later wait
        return p;
      }
      if (p != null && p.type() == type && (packetId < 0 || p.packetId() == packetId)) {
        return p;
      }
      if (p == null) {
        return null;
      }
    }
  }

  boolean awaitClosed(Duration bound) {
    try {
      return closed.await(bound.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
