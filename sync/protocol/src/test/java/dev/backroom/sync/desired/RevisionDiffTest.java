package dev.backroom.sync.desired;

import static dev.backroom.sync.desired.Fixtures.key;
import static dev.backroom.sync.desired.Fixtures.td;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.backroom.sync.wire.ChangeOp;
import dev.backroom.sync.wire.DesiredChange;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class RevisionDiffTest {
  record Case(String name, Map<ObjectKey, String> previous, List<DesiredObject> next,
      List<String> expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static String hash(String name, String image) {
    return SpecDigest.of(Fixtures.td(name, image));
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("nothing before, nothing now", Map.of(), List.of(), List.of()),
        new Case("same spec from a different object writes nothing",
            Map.of(key("web"), hash("web", "web:1")), List.of(td("web", "store.id=S1", "web:1", 3)),
            List.of()),
        new Case("new object", Map.of(), List.of(td("web", "", "web:1", 0)), List.of("UPSERT web")),
        new Case("changed spec", Map.of(key("web"), hash("web", "web:1")),
            List.of(td("web", "", "web:2", 0)), List.of("UPSERT web")),
        new Case("object no longer matches", Map.of(key("web"), hash("web", "web:1")), List.of(),
            List.of("DELETE web")),
        new Case("several, ordered by name", Map.of(key("b"), hash("b", "1"), key("c"), hash("c", "1")),
            List.of(td("a", "", "1", 0), td("c", "", "1", 0)), List.of("UPSERT a", "DELETE b")));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void diff_writesOneRowPerChangedObject(Case c) {
    Map<ObjectKey, DesiredObject> next = new TreeMap<>();
    c.next().forEach(o -> next.put(o.key(), o));
    List<String> got = RevisionDiff.compute(c.previous(), next).stream()
        .map(d -> d.op() + " " + d.name()).toList();
    assertEquals(c.expected(), got);
  }

  @org.junit.jupiter.api.Test
  void forcedRedeploy_ofAnUnchangedSpec_isAChange_carryingItsCount() {
    DesiredObject o = td("web", "", "web:1", 0);
    DesiredObject forced = DesiredObject.of(o.kind(), o.name(), o.selector(), o.spec(),
        o.updatedAt(), 2);
    assertEquals(o.specHash(), SpecDigest.of(o.spec(), 0), "never forced: the spec's own hash");
    List<DesiredChange> diff = RevisionDiff.compute(Map.of(o.key(), o.specHash()),
        new TreeMap<>(Map.of(o.key(), forced)));
    assertEquals(1, diff.size());
    assertEquals(Integer.valueOf(2), diff.get(0).redeploys());
    assertEquals(o.spec(), diff.get(0).spec());
    assertEquals(List.of(), RevisionDiff.compute(Map.of(o.key(), forced.specHash()),
        new TreeMap<>(Map.of(o.key(), forced))));
  }

  static Stream<Long> seeds() {
    return new Random(5L).longs(40).boxed();
  }

  /** Verifies that previous plus the diff is exactly next, and a second diff is empty. */
  @ParameterizedTest
  @MethodSource("seeds")
  void applyingTheDiff_reachesTheNextState(long seed) {
    Random r = new Random(seed);
    Map<ObjectKey, String> previous = new HashMap<>();
    for (int i = 0; i < r.nextInt(8); i++) {
      previous.put(key("o" + r.nextInt(10)), hash("x", "img" + r.nextInt(3)));
    }
    Map<ObjectKey, DesiredObject> next = new TreeMap<>();
    for (int i = 0; i < r.nextInt(8); i++) {
      DesiredObject o = td("o" + r.nextInt(10), "", "img" + r.nextInt(3), 0);
      next.put(o.key(), new DesiredObject(o.kind(), o.name(), o.selector(), Fixtures.td("x",
          o.spec().at("/containerDefinitions/0/image").asText()), null, o.updatedAt()));
    }
    Map<ObjectKey, String> state = new HashMap<>(previous);
    for (DesiredChange d : RevisionDiff.compute(previous, next)) {
      ObjectKey k = new ObjectKey(d.kind(), d.name());
      if (d.op() == ChangeOp.DELETE) {
        state.remove(k);
      } else {
        state.put(k, SpecDigest.of(d.spec()));
      }
    }
    Map<ObjectKey, String> expected = new HashMap<>();
    next.forEach((k, o) -> expected.put(k, o.specHash()));
    assertEquals(expected, state);
    assertEquals(List.of(), RevisionDiff.compute(state, next));
  }
}
