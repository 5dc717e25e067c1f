package dev.backroom.ecs.throttle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.backroom.ecs.wire.EcsError;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RequestRateTest {
  static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");

  @Test
  void aBurstPasses_thenTheNextIsThrottled_untilTokensComeBack() {
    RequestRate rate = new RequestRate(2, 3, 10);
    for (int i = 0; i < 3; i++) {
      rate.admit("k1", T0);
    }
    EcsError e = assertThrows(EcsError.class, () -> rate.admit("k1", T0));
    assertEquals("ThrottlingException", e.shape());
    assertEquals(400, e.status());
    assertThrows(EcsError.class, () -> rate.admit("k1", T0.plusMillis(400)), "0.8 of a token");
    rate.admit("k1", T0.plusMillis(500));
  }

  @Test
  void callersHaveTheirOwnBuckets() {
    RequestRate rate = new RequestRate(1, 1, 10);
    rate.admit("k1", T0);
    rate.admit("k2", T0);
    assertThrows(EcsError.class, () -> rate.admit("k1", T0));
  }

  @Test
  void aSteadyPollerAtTheRateIsNeverRefused() {
    RequestRate rate = new RequestRate(5, 1, 10);
    for (int i = 0; i < 100; i++) {
      rate.admit("waiter", T0.plusMillis(200L * i));
    }
  }

  @Test
  void theBucketNeverHoldsMoreThanTheBurst() {
    RequestRate rate = new RequestRate(10, 2, 10);
    rate.admit("k1", T0);
    Instant later = T0.plusSeconds(3600);
    rate.admit("k1", later);
    rate.admit("k1", later);
    assertThrows(EcsError.class, () -> rate.admit("k1", later));
  }

  @Test
  void aClockGoingBackGivesNoTokens() {
    RequestRate rate = new RequestRate(1, 1, 10);
    rate.admit("k1", T0);
    assertThrows(EcsError.class, () -> rate.admit("k1", T0.minusSeconds(30)));
    assertThrows(EcsError.class, () -> rate.admit("k1", T0.plusMillis(500)));
  }

  @Test
  void forgottenCallersAreTheLeastRecent() {
    RequestRate rate = new RequestRate(1, 1, 2);
    rate.admit("a", T0);
    rate.admit("b", T0);
    rate.admit("c", T0); // forgets a
    rate.admit("a", T0); // full bucket again
    assertThrows(EcsError.class, () -> rate.admit("c", T0));
  }
}
