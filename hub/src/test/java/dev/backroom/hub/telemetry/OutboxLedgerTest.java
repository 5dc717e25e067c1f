package dev.backroom.hub.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class OutboxLedgerTest {
  @Test
  void totalsFollowQueuedAndDrained() {
    OutboxLedger l = new OutboxLedger();
    l.queued("a", 3, 300);
    l.queued("b", 1, 50);
    l.queued("a", -2, -200);
    assertEquals(2, l.totalMessages());
    assertEquals(150, l.totalBytes());
    assertEquals(List.of(new OutboxLedger.StreamView("a", 1, 1, 100, 0, 0),
        new OutboxLedger.StreamView("b", 1, 1, 50, 0, 0)), l.snapshot());
  }

  @Test
  void dropsAreUnreportedUntilABatchCarriesThem_thenOnlyNewOnes() {
    OutboxLedger l = new OutboxLedger();
    l.dropped("a", OutboxLedger.OVERFLOW, 4);
    l.dropped("a", OutboxLedger.TTL, 1);
    List<OutboxLedger.Unreported> first = l.unreported();
    assertEquals(List.of(new OutboxLedger.Unreported("a", "overflow", 4, 0),
        new OutboxLedger.Unreported("a", "ttl", 1, 0)), first);
    l.markReported(first);
    assertEquals(List.of(), l.unreported());
    l.dropped("a", OutboxLedger.OVERFLOW, 2);
    assertEquals(List.of(new OutboxLedger.Unreported("a", "overflow", 6, 4)), l.unreported());
    assertEquals(2, l.unreported().get(0).count());
  }

  @Test
  void restoredCountersResumeWhereTheyStopped() {
    OutboxLedger l = new OutboxLedger();
    l.setDrops("s", "ttl", 10, 7);
    l.setNextSeq("s", 42);
    assertEquals(List.of(new OutboxLedger.Unreported("s", "ttl", 10, 7)), l.unreported());
    assertEquals(42, l.snapshot().get(0).nextSeq());
  }
}
