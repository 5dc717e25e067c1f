package dev.backroom.agent.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class AssignmentOrderTest {
  record Case(String name, long epoch, long generation, long appliedEpoch, long appliedGeneration,
      AssignmentOrder expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("first ever", 100, 1, 0, -1, AssignmentOrder.NEWER_EPOCH),
        new Case("first signed over one stored before signing", 100, 1, 0, 57,
            AssignmentOrder.NEWER_EPOCH),
        new Case("next generation", 100, 6, 100, 5, AssignmentOrder.NEWER),
        new Case("the retained copy again", 100, 5, 100, 5, AssignmentOrder.SAME),
        new Case("an older copy", 100, 4, 100, 5, AssignmentOrder.STALE),
        new Case("hub restored from a backup: lower generation, newer epoch", 200, 3, 100, 57,
            AssignmentOrder.NEWER_EPOCH),
        new Case("replay from before a hub restart, however high", 100, 999_999, 200, 3,
            AssignmentOrder.OLDER_EPOCH));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void classify(Case c) {
    assertEquals(c.expected(), AssignmentOrder.classify(c.epoch(), c.generation(),
        c.appliedEpoch(), c.appliedGeneration()));
  }
}
