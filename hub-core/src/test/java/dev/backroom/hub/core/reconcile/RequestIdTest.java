package dev.backroom.hub.core.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Verifies that a place item's scheduler id is the service and its zero-padded ordinal. */
class RequestIdTest {
  record Case(int ordinal, String id) {}

  static List<Case> cases() {
    return List.of(new Case(0, "web#0000"), new Case(7, "web#0007"), new Case(42, "web#0042"),
        new Case(999, "web#0999"), new Case(1000, "web#1000"), new Case(9999, "web#9999"),
        new Case(10_000, "web#10000"), new Case(123_456, "web#123456"), new Case(-1, "web#-001"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void requestId_isTheServiceAndTheOrdinalPaddedToFourDigits(Case c) {
    assertEquals(c.id(), ReconcileResult.requestId(new PlaceItem("web", c.ordinal(), "new")));
    assertEquals(String.format("web#%04d", c.ordinal()),
        ReconcileResult.requestId(new PlaceItem("web", c.ordinal(), "new")));
  }
}
