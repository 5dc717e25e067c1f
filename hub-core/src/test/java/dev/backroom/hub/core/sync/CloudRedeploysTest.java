package dev.backroom.hub.core.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.backroom.sync.wire.ChangeOp;
import dev.backroom.sync.wire.DesiredChange;
import dev.backroom.sync.wire.DesiredKind;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class CloudRedeploysTest {
  private static final CloudKey X = new CloudKey(DesiredKind.SERVICE, "x");

  /** A SERVICE upsert of x with a count (null: none on the wire). */
  private static DesiredChange x(Integer count) {
    return new DesiredChange(DesiredKind.SERVICE, "x", ChangeOp.UPSERT,
        JsonNodeFactory.instance.objectNode(), count);
  }

  record Case(String name, Map<String, Integer> kept, Set<CloudKey> before,
      List<DesiredChange> changes, Set<CloudKey> rejected, Set<CloudKey> after,
      List<String> redeploy, Map<String, Integer> remember, Set<String> forget) {}

  static Stream<Case> cases() {
    Set<CloudKey> none = Set.of();
    Set<CloudKey> onlyX = Set.of(X);
    return Stream.of(
        new Case("count grows: redeploy once", Map.of("x", 1), onlyX, List.of(x(2)), none, onlyX,
            List.of("x"), Map.of("x", 2), Set.of()),
        new Case("count jumps: still one redeploy", Map.of("x", 1), onlyX, List.of(x(4)), none,
            onlyX, List.of("x"), Map.of("x", 4), Set.of()),
        new Case("repeated change: nothing", Map.of("x", 2), onlyX, List.of(x(2)), none, onlyX,
            List.of(), Map.of(), Set.of()),
        new Case("spec change without a count: nothing", Map.of("x", 0), onlyX, List.of(x(null)),
            none, onlyX, List.of(), Map.of(), Set.of()),
        new Case("new service with a count: remembered, not redeployed", Map.of(), none,
            List.of(x(3)), none, onlyX, List.of(), Map.of("x", 3), Set.of()),
        new Case("held before counts were kept: taken as 0", Map.of(), onlyX, List.of(x(1)), none,
            onlyX, List.of("x"), Map.of("x", 1), Set.of()),
        new Case("held before, still 0: remembered", Map.of(), onlyX, List.of(x(null)), none,
            onlyX, List.of(), Map.of("x", 0), Set.of()),
        new Case("count below the kept one (service made anew): kept, no redeploy",
            Map.of("x", 5), onlyX, List.of(x(1)), none, onlyX, List.of(), Map.of("x", 1),
            Set.of()),
        new Case("rejected change: its count is not taken", Map.of("x", 1), onlyX, List.of(x(2)),
            onlyX, onlyX, List.of(), Map.of(), Set.of()),
        new Case("deleted: forgotten", Map.of("x", 2), onlyX,
            List.of(new DesiredChange(DesiredKind.SERVICE, "x", ChangeOp.DELETE, null)), none,
            none, List.of(), Map.of(), Set.of("x")),
        new Case("absent from a full snapshot: forgotten", Map.of("x", 2), onlyX, List.of(),
            none, none, List.of(), Map.of(), Set.of("x")),
        new Case("task definitions carry no count", Map.of(), none, List.of(new DesiredChange(
            DesiredKind.TASK_DEFINITION, "x", ChangeOp.UPSERT,
            JsonNodeFactory.instance.objectNode(), 7)), none,
            Set.of(new CloudKey(DesiredKind.TASK_DEFINITION, "x")), List.of(), Map.of(),
            Set.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void plan(Case c) {
    CloudRedeploys.Plan p = CloudRedeploys.plan(c.kept(), c.before(), c.changes(), c.rejected(),
        c.after());
    assertEquals(c.redeploy(), p.redeploy(), c.name());
    assertEquals(c.remember(), p.remember(), c.name());
    assertEquals(c.forget(), p.forget(), c.name());
  }
}
