package dev.backroom.sync.desired;

import static dev.backroom.sync.desired.Fixtures.key;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.backroom.sync.desired.ApplyPlan.Held;
import dev.backroom.sync.wire.ChangeOp;
import dev.backroom.sync.wire.DesiredChange;
import dev.backroom.sync.wire.DesiredChanges;
import dev.backroom.sync.wire.DesiredKind;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ApplyPlanTest {
  private static Held cloud(String image) {
    return new Held(SpecDigest.of(Fixtures.td("x", image)), Origin.CLOUD);
  }

  private static Held local(String image) {
    return new Held(SpecDigest.of(Fixtures.td("x", image)), Origin.LOCAL);
  }

  private static DesiredChange up(String name, String image) {
    return new DesiredChange(DesiredKind.TASK_DEFINITION, name, ChangeOp.UPSERT,
        Fixtures.td("x", image));
  }

  private static DesiredChange del(String name) {
    return new DesiredChange(DesiredKind.TASK_DEFINITION, name, ChangeOp.DELETE, null);
  }

  record Expect(List<String> upserts, List<String> deletes, List<String> unchanged,
      List<String> ignored) {}

  record Case(String name, Map<ObjectKey, Held> held, boolean full, List<DesiredChange> changes,
      Expect expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("new object", Map.of(), false, List.of(up("a", "1")),
            new Expect(List.of("a"), List.of(), List.of(), List.of())),
        new Case("same spec as what runs changes nothing", Map.of(key("a"), cloud("1")), false,
            List.of(up("a", "1")), new Expect(List.of(), List.of(), List.of("a"), List.of())),
        new Case("changed spec", Map.of(key("a"), cloud("1")), false, List.of(up("a", "2")),
            new Expect(List.of("a"), List.of(), List.of(), List.of())),
        new Case("cloud wins over a local edit of its object", Map.of(key("a"), local("1")), false,
            List.of(up("a", "1")), new Expect(List.of("a"), List.of(), List.of(), List.of())),
        new Case("delete of a cloud object", Map.of(key("a"), cloud("1")), false, List.of(del("a")),
            new Expect(List.of(), List.of("a"), List.of(), List.of())),
        new Case("delete never removes a local object", Map.of(key("a"), local("1")), false,
            List.of(del("a")), new Expect(List.of(), List.of(), List.of(), List.of("a"))),
        new Case("delete of something unknown", Map.of(), false, List.of(del("a")),
            new Expect(List.of(), List.of(), List.of(), List.of("a"))),
        new Case("incremental leaves unmentioned objects alone",
            Map.of(key("a"), cloud("1"), key("b"), cloud("1")), false, List.of(up("a", "2")),
            new Expect(List.of("a"), List.of(), List.of(), List.of())),
        new Case("full removes cloud objects absent from it, keeps local ones",
            Map.of(key("a"), cloud("1"), key("b"), cloud("1"), key("c"), local("1")), true,
            List.of(up("a", "1")), new Expect(List.of(), List.of("b"), List.of("a"), List.of())),
        new Case("full and empty removes every cloud object",
            Map.of(key("b"), cloud("1"), key("a"), cloud("1")), true, List.of(),
            new Expect(List.of(), List.of("a", "b"), List.of(), List.of())));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void plan_sortsEveryChangeIntoOneBucket(Case c) {
    ApplyPlan plan = ApplyPlan.compute(c.held(), new DesiredChanges("S1", 7, c.full(), c.changes()));
    assertEquals(c.expected(), new Expect(
        plan.upserts().stream().map(DesiredChange::name).toList(),
        plan.deletes().stream().map(ObjectKey::name).toList(),
        plan.unchanged().stream().map(ObjectKey::name).toList(),
        plan.ignored().stream().map(ObjectKey::name).toList()));
  }
}
