package dev.backroom.hub.core.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Verifies that only a pass asked for by reports waits, only behind queued work, and boundedly. */
class PassDeferralTest {
  private static final long BOUND = 1_000;

  record Case(String name, boolean urgent, int queued, long waited, boolean yields) {
    @Override
    public String toString() {
      return name;
    }
  }

  static List<Case> cases() {
    return List.of(
        new Case("reports, work queued, within the bound: waits", false, 3, 0, true),
        new Case("reports, work queued, just before the bound: waits", false, 1, BOUND - 1, true),
        new Case("reports, work queued, bound reached: runs", false, 1, BOUND, false),
        new Case("reports, work queued, past the bound: runs", false, 50_000, BOUND * 10, false),
        new Case("reports, nothing queued: runs at once", false, 0, 0, false),
        new Case("urgent, work queued: runs at once", true, 7, 0, false),
        new Case("urgent, nothing queued: runs at once", true, 0, 0, false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void yields(Case c) {
    assertEquals(c.yields(), PassDeferral.yields(c.urgent(), c.queued(), c.waited(), BOUND), c.name());
  }
}
