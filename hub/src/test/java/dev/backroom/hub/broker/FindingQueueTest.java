package dev.backroom.hub.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** The log reader's hand-off: never blocks, drops and counts when full, keeps order otherwise. */
class FindingQueueTest {

  /** A sink stuck on a slow write (fsynced H2) must not hold up the offering reader. */
  @Test
  void stuckSink_neverBlocksTheOfferer_andDropsAreCounted() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch firstTaken = new CountDownLatch(1);
    List<Integer> recorded = new CopyOnWriteArrayList<>();
    AtomicInteger dropMetric = new AtomicInteger();
    try (FindingQueue<Integer> q = new FindingQueue<>(4, "test-drain", i -> {
      firstTaken.countDown();
      await(release);
      recorded.add(i);
    }, dropMetric::incrementAndGet)) {
      assertTrue(q.offer(0));
      assertTrue(firstTaken.await(5, TimeUnit.SECONDS));
      long t0 = System.nanoTime();
      int accepted = 0;
      for (int i = 1; i <= 1000; i++) {
        accepted += q.offer(i) ? 1 : 0;
      }
      assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(1), "offering blocked");
      assertEquals(4, accepted, "the queue holds its capacity while the sink is stuck");
      assertEquals(996, q.dropped());
      assertEquals(996, dropMetric.get(), "every drop reaches the metric");
      release.countDown();
      Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> recorded.size() >= 5);
      assertEquals(List.of(0, 1, 2, 3, 4), recorded, "what was queued is recorded, in order");
    }
  }

  @Test
  void aFailingSink_doesNotStopTheDrain() throws Exception {
    List<Integer> recorded = new CopyOnWriteArrayList<>();
    CountDownLatch done = new CountDownLatch(1);
    try (FindingQueue<Integer> q = new FindingQueue<>(8, "test-drain", i -> {
      if (i == 1) {
        throw new IllegalStateException("db down");
      }
      recorded.add(i);
      if (i == 2) {
        done.countDown();
      }
    }, () -> {})) {
      q.offer(1);
      q.offer(2);
      assertTrue(done.await(5, TimeUnit.SECONDS));
      assertEquals(List.of(2), recorded);
      assertFalse(q.dropped() > 0);
    }
  }

  private static void await(CountDownLatch l) {
    try {
      l.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
