package dev.backroom.hub.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.backroom.hub.events.Event;
import dev.backroom.hub.events.EventStore;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Device transitions are recorded as events, all of one pass in one batch, on real H2. */
@QuarkusTest
class RecordTransitionsTest {
  @Inject ReconcilePass pass;
  @Inject EventStore events;

  @Test
  void lostAndReturnedDevices_eachGetTheirEvent_andStayingDevicesNone() {
    String run = UUID.randomUUID().toString().substring(0, 8);
    String lost1 = "rt-lost1-" + run;
    String lost2 = "rt-lost2-" + run;
    String stays = "rt-stays-" + run;
    String back = "rt-back-" + run;

    pass.recordTransitions(Set.of(lost1, lost2, stays), Set.of(stays, back), Instant.now());

    assertEquals(List.of("device-lost"), kinds(lost1));
    assertEquals(List.of("device-lost"), kinds(lost2));
    assertEquals(List.of("device-returned"), kinds(back));
    assertEquals(List.of(), kinds(stays));
    assertEquals("device " + back + " is available",
        events.list(null, null, back, null, null, 10).get(0).message());
  }

  @Test
  void firstReading_recordsNoReturns() {
    String fresh = "rt-fresh-" + UUID.randomUUID().toString().substring(0, 8);

    pass.recordTransitions(Set.of(), Set.of(fresh), Instant.now());

    assertEquals(List.of(), kinds(fresh));
  }

  private List<String> kinds(String device) {
    return events.list(null, null, device, null, null, 10).stream().map(Event::kind).toList();
  }
}
