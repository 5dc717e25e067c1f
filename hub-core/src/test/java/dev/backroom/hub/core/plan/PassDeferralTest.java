package dev.backroom.hub.core.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Verifies that only a pass asked for by reports or time waits: spaced from the previous pass
 * by the gap, then behind queued work, and never past the bound.
 */
class PassDeferralTest {
  private static final long GAP = 250;
  private static final long BOUND = 1_000;

  record Delay(String name, boolean urgent, long sinceLastPass, long delay) {
    @Override
    public String toString() {
      return name;
    }
  }

  static List<Delay> delays() {
    return List.of(
        new Delay("reports right after a pass: the whole gap", false, 0, GAP),
        new Delay("reports within the gap: the rest of it", false, 100, GAP - 100),
        new Delay("reports at the gap's end: none", false, GAP, 0),
        new Delay("reports in a quiet store: none", false, 60_000, 0),
        new Delay("urgent right after a pass: none", true, 0, 0),
        new Delay("urgent within the gap: none", true, 100, 0));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("delays")
  void delayNanos(Delay c) {
    assertEquals(c.delay(), PassDeferral.delayNanos(c.urgent(), c.sinceLastPass(), GAP), c.name());
  }

  record Yield(String name, boolean urgent, int queued, long waited, boolean yields) {
    @Override
    public String toString() {
      return name;
    }
  }

  static List<Yield> yields() {
    return List.of(
        new Yield("reports, work queued, within the bound: waits", false, 3, 0, true),
        new Yield("reports, work queued, just before the bound: waits", false, 1, BOUND - 1, true),
        new Yield("reports, work queued, bound reached: runs", false, 1, BOUND, false),
        new Yield("reports, work queued, past the bound: runs", false, 50_000, BOUND * 10, false),
        new Yield("reports, nothing queued: runs at once", false, 0, 0, false),
        new Yield("urgent, work queued: runs at once", true, 7, 0, false),
        new Yield("urgent, nothing queued: runs at once", true, 0, 0, false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("yields")
  void yields(Yield c) {
    assertEquals(c.yields(), PassDeferral.yields(c.urgent(), c.queued(), c.waited(), BOUND),
        c.name());
  }
}
