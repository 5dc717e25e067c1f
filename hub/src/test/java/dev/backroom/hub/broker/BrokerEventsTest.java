package dev.backroom.hub.broker;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backroom.hub.devices.DeviceOffences;
import dev.backroom.hub.events.EventStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The broker's log reader hands findings on and never waits for the event store: a flood of
 * refused connects from ever new addresses, while every event write is stuck, neither blocks it
 * nor, once writes resume, writes more than the per-kind cap.
 */
class BrokerEventsTest {

  @Test
  void stuckEventStore_neverBlocksTheReader_andTheFloodIsCappedPerKind() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger written = new AtomicInteger();
    EventStore slow = new EventStore() {
      @Override
      public void system(Instant at, String kind, Subject s, String reason, String message) {
        try {
          release.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        written.incrementAndGet();
      }
    };
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    BrokerEvents be = new BrokerEvents(new BrokerWatch(false), slow, new DeviceOffences(), meters);
    int flood = 20_000;
    try {
      // Each line is a refused CONNECT from a new address (the per-client throttle lets all in).
      assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
        for (int i = 0; i < flood; i++) {
          be.event(new BrokerLogEvent.ConnectRefused("10." + (i >> 16) + "." + ((i >> 8) & 255)
              + "." + (i & 255), 5));
        }
      }, "the reader waited for the event store");
      double dropped = meters.counter("backroom.mqtt.findings.dropped").count();
      assertTrue(dropped > 0, "a full queue must drop and count");
      release.countDown();
      await().atMost(Duration.ofSeconds(20)).until(() -> refused(meters) + dropped >= flood);
      double refused = refused(meters);
      assertEquals(flood, (long) (refused + dropped), "every finding is counted or dropped");
      assertEquals(BrokerEvents.EVENTS_PER_KIND_PER_MINUTE, written.get(),
          "event writes of one kind are capped a minute, whatever the client");
      assertEquals(refused - BrokerEvents.EVENTS_PER_KIND_PER_MINUTE,
          meters.counter("backroom.mqtt.events.suppressed", "kind", "mqtt-connect-refused")
              .count());
    } finally {
      release.countDown();
      be.stop();
    }
  }

  private static double refused(SimpleMeterRegistry meters) {
    return meters.counter("backroom.mqtt.refused", "kind", "mqtt-connect-refused").count();
  }
}
