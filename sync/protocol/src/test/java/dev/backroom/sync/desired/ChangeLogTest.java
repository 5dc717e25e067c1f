package dev.backroom.sync.desired;

import static dev.backroom.sync.desired.Fixtures.key;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backroom.sync.wire.ChangeOp;
import dev.backroom.sync.wire.DesiredChange;
import dev.backroom.sync.wire.DesiredChanges;
import dev.backroom.sync.wire.DesiredKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class ChangeLogTest {
  private static ChangeRow up(long rev, String name, String image) {
    return new ChangeRow(rev, DesiredKind.TASK_DEFINITION, name, ChangeOp.UPSERT,
        Fixtures.td(name, image));
  }

  private static ChangeRow del(long rev, String name) {
    return new ChangeRow(rev, DesiredKind.TASK_DEFINITION, name, ChangeOp.DELETE, null);
  }

  record Case(String name, List<ChangeRow> rows, long since, List<String> expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("empty log", List.of(), 0, List.of()),
        new Case("rows at or before since are skipped", List.of(up(1, "a", "1"), up(2, "b", "1")), 1,
            List.of("2 UPSERT b 1")),
        new Case("last op per object wins", List.of(up(2, "a", "1"), up(3, "a", "2"), del(4, "a")), 0,
            List.of("4 DELETE a -")),
        new Case("ordered by the revision of the surviving op",
            List.of(up(2, "b", "1"), up(3, "a", "1"), up(4, "b", "2")), 0,
            List.of("3 UPSERT a 1", "4 UPSERT b 2")),
        new Case("delete then re-create is an upsert", List.of(del(5, "a"), up(6, "a", "3")), 4,
            List.of("6 UPSERT a 3")),
        new Case("input order does not matter", List.of(up(4, "b", "2"), up(2, "b", "1")), 0,
            List.of("4 UPSERT b 2")));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void collapse_keepsTheLastOpPerObjectInRevisionOrder(Case c) {
    Map<String, Long> revisionOf = new HashMap<>();
    c.rows().forEach(r -> revisionOf.merge(r.name(), r.revision(), Math::max));
    List<String> got = ChangeLog.collapse(c.rows(), c.since()).stream()
        .map(d -> revisionOf.get(d.name()) + " " + d.op() + " " + d.name() + " "
            + (d.spec() == null ? "-" : d.spec().at("/containerDefinitions/0/image").asText()))
        .toList();
    assertEquals(c.expected(), got);
  }

  @ParameterizedTest(name = "since={0} current={1} horizon={2} -> full={3}")
  @CsvSource({
      "0, 0, 0, true",
      "0, 5, 0, true",
      "3, 5, 0, false",
      "5, 5, 0, false",
      "3, 9, 4, true",
      "4, 9, 4, false",
      "9, 5, 0, true"})
  void needsFull_whenTheHubHasNothingOrTheLogCannotReachIt(long since, long current, long horizon,
      boolean full) {
    assertEquals(full, ChangeLog.needsFull(since, current, horizon));
  }

  static Stream<Long> seeds() {
    return new Random(9L).longs(60).boxed();
  }

  /**
   * Verifies the downstream promise: a hub at any revision that applies the collapsed answer ends
   * with exactly the state a hub that saw every revision has, and so does one taking the snapshot.
   */
  @ParameterizedTest
  @MethodSource("seeds")
  void hubAtAnyRevision_convergesToTheLatestState(long seed) {
    Random r = new Random(seed);
    List<ChangeRow> log = new ArrayList<>();
    List<Map<String, String>> states = new ArrayList<>();
    Map<String, String> state = new TreeMap<>();
    states.add(Map.copyOf(state));
    int revisions = 1 + r.nextInt(20);
    for (long rev = 1; rev <= revisions; rev++) {
      for (int i = 0; i <= r.nextInt(3); i++) {
        String name = "o" + r.nextInt(6);
        if (r.nextInt(4) == 0) {
          if (state.remove(name) != null) {
            log.add(del(rev, name));
          }
        } else {
          String image = "img" + r.nextInt(50);
          state.put(name, image);
          log.add(up(rev, name, image));
        }
      }
      states.add(Map.copyOf(state));
    }
    long since = r.nextInt(revisions + 1);
    Map<String, String> hub = new TreeMap<>(states.get((int) since));
    DesiredChanges answer = ChangeLog.incremental("S1", since, revisions, log);
    for (DesiredChange d : answer.changes()) {
      if (d.op() == ChangeOp.DELETE) {
        hub.remove(d.name());
      } else {
        hub.put(d.name(), d.spec().at("/containerDefinitions/0/image").asText());
      }
    }
    assertEquals(state, hub);
    assertEquals(revisions, answer.revision());
    long distinct = answer.changes().stream().map(d -> d.name()).distinct().count();
    assertEquals(distinct, answer.changes().size());

    Map<ObjectKey, DesiredObject> effective = new TreeMap<>();
    state.forEach((n, img) -> effective.put(key(n), Fixtures.td(n, "", img, 0)));
    DesiredChanges full = ChangeLog.snapshot("S1", revisions, effective);
    assertTrue(full.full());
    Map<String, String> fromSnapshot = new TreeMap<>();
    full.changes().forEach(d -> fromSnapshot.put(d.name(), imageOf(d.spec())));
    assertEquals(state, fromSnapshot);
  }

  private static String imageOf(JsonNode spec) {
    return spec.at("/containerDefinitions/0/image").asText();
  }
}
