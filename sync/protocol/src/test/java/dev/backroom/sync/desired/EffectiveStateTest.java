package dev.backroom.sync.desired;

import static dev.backroom.sync.desired.Fixtures.td;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backroom.sync.selector.LabelSelector;
import dev.backroom.sync.wire.DesiredKind;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class EffectiveStateTest {
  private static final Map<String, String> EU_MINI = Map.of("region", "eu", "format", "mini");

  /** expected: name -> image of the winner. */
  record Case(String name, List<DesiredObject> objects, Map<String, String> expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("nothing desired", List.of(), Map.of()),
        new Case("only matching objects", List.of(
            td("web", "region=eu", "web:1", 0), td("pos", "region=us", "pos:1", 0),
            td("cam", "", "cam:1", 0)), Map.of("web", "web:1", "cam", "cam:1")),
        new Case("store-specific wins over broad, even when older", List.of(
            td("web", "store.id=S1", "web:pinned", 0), td("web", "region=eu", "web:2", 9)),
            Map.of("web", "web:pinned")),
        new Case("among broad ones the last updated wins", List.of(
            td("web", "region=eu", "web:1", 1), td("web", "format=mini", "web:2", 2)),
            Map.of("web", "web:2")),
        new Case("among store-specific ones the last updated wins", List.of(
            td("web", "store.id=S1", "web:1", 5), td("web", "store.id=S1,region=eu", "web:2", 3)),
            Map.of("web", "web:1")),
        new Case("another store's object never applies", List.of(
            td("web", "store.id=S2", "web:other", 9), td("web", "region=eu", "web:1", 0)),
            Map.of("web", "web:1")),
        new Case("equal time: greater canonical selector wins, deterministically", List.of(
            td("web", "region=eu", "web:r", 1), td("web", "format=mini", "web:f", 1)),
            Map.of("web", "web:r")));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void effectiveState_picksTheWinnerPerName(Case c) {
    SortedMap<ObjectKey, DesiredObject> got = EffectiveState.compute(c.objects(), "S1", EU_MINI);
    Map<String, String> images = got.values().stream().collect(Collectors.toMap(
        DesiredObject::name, o -> o.spec().at("/containerDefinitions/0/image").asText()));
    assertEquals(c.expected(), images);
  }

  static Stream<Long> seeds() {
    return new Random(11L).longs(40).boxed();
  }

  /** Verifies the invariants whatever the catalogue: only matching objects, each one a winner, order-free. */
  @ParameterizedTest
  @MethodSource("seeds")
  void effectiveState_neverPicksANonMatchingOrLosingObject_andIgnoresInputOrder(long seed) {
    Random r = new Random(seed);
    String[] selectors = {"", "region=eu", "region=us", "format!=mini", "store.id=S1",
        "store.id=S2", "format in (mini|maxi)", "gpu"};
    List<DesiredObject> objects = new ArrayList<>();
    for (int i = 0; i < 1 + r.nextInt(30); i++) {
      DesiredKind kind = r.nextBoolean() ? DesiredKind.SERVICE : DesiredKind.TASK_DEFINITION;
      objects.add(Fixtures.obj(kind, "o" + r.nextInt(5), selectors[r.nextInt(selectors.length)],
          "img:" + i, r.nextInt(4)));
    }
    SortedMap<ObjectKey, DesiredObject> got = EffectiveState.compute(objects, "S1", EU_MINI);
    Map<String, String> labels = LabelSelector.withImplicit("S1", EU_MINI);

    for (DesiredObject winner : got.values()) {
      assertTrue(winner.selector().matches(labels));
      objects.stream()
          .filter(o -> o.key().equals(winner.key()) && o.selector().matches(labels))
          .forEach(o -> assertTrue(EffectiveState.PRECEDENCE.compare(winner, o) >= 0));
    }
    objects.stream().filter(o -> o.selector().matches(labels))
        .forEach(o -> assertTrue(got.containsKey(o.key())));
    List<DesiredObject> shuffled = new ArrayList<>(objects);
    Collections.shuffle(shuffled, r);
    assertEquals(new TreeMap<>(got), new TreeMap<>(EffectiveState.compute(shuffled, "S1", EU_MINI)));
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void keysAreSorted(long seed) {
    Random r = new Random(seed);
    List<DesiredObject> objects = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      objects.add(td("n" + r.nextInt(100), "", "x", 0));
    }
    List<ObjectKey> keys = new ArrayList<>(EffectiveState.compute(objects, "S1", Map.of()).keySet());
    List<ObjectKey> sorted = new ArrayList<>(keys);
    Collections.sort(sorted);
    assertEquals(sorted, keys);
  }
}
