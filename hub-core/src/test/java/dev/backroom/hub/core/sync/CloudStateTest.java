package dev.backroom.hub.core.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backroom.sync.wire.ChangeOp;
import dev.backroom.sync.wire.DesiredChange;
import dev.backroom.sync.wire.DesiredChanges;
import dev.backroom.sync.wire.DesiredKind;
import dev.backroom.sync.wire.SyncJson;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class CloudStateTest {
  private static final DesiredKind TD = DesiredKind.TASK_DEFINITION;
  private static final DesiredKind SVC = DesiredKind.SERVICE;

  /** before and changes as "S:name=v" / "S:name-" (delete); specs named "bad" are rejected. */
  record Case(String name, List<String> before, boolean full, List<String> changes,
      List<String> expected, int rejected) {}

  static Stream<Case> cases() {
    return Stream.of(
        new Case("incremental upsert adds", List.of("T:a=1"), false, List.of("S:x=1"),
            List.of("S:x=1", "T:a=1"), 0),
        new Case("incremental delete removes", List.of("T:a=1", "S:x=1"), false, List.of("S:x-"),
            List.of("T:a=1"), 0),
        new Case("delete of unknown is harmless", List.of(), false, List.of("S:x-"), List.of(), 0),
        new Case("full replaces everything", List.of("T:a=1", "S:x=1"), true, List.of("S:y=2"),
            List.of("S:y=2"), 0),
        new Case("bad incremental keeps the previous spec", List.of("S:x=1"), false,
            List.of("S:x=bad"), List.of("S:x=1"), 1),
        new Case("bad in full keeps the previous spec", List.of("S:x=1", "S:z=1"), true,
            List.of("S:x=bad"), List.of("S:x=1"), 1),
        new Case("bad new object is not added", List.of(), false, List.of("S:n=bad"), List.of(), 1),
        new Case("last op wins within one answer", List.of(), false, List.of("S:x=1", "S:x-", "S:x=3"),
            List.of("S:x=3"), 0));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void apply(Case c) {
    CloudState.Outcome o = CloudState.apply(map(c.before()), new DesiredChanges("s", 9, c.full(),
        c.changes().stream().map(CloudStateTest::change).toList()),
        ch -> "\"bad\"".equals(ch.spec().get("v").toString()) ? Optional.of("bad spec") : Optional.empty());
    assertEquals(map(c.expected()), o.objects(), c.name());
    assertEquals(c.rejected(), o.rejected().size(), c.name());
  }

  record RevisionCase(long revision, boolean full, long applied, boolean expected) {}

  static Stream<RevisionCase> revisions() {
    return Stream.of(new RevisionCase(5, false, 4, true), new RevisionCase(4, false, 4, false),
        new RevisionCase(3, false, 4, false), new RevisionCase(3, true, 4, true),
        new RevisionCase(4, true, 4, false), new RevisionCase(0, true, 0, false));
  }

  @ParameterizedTest
  @MethodSource("revisions")
  void changesAnything_onlyForNewerOrOtherSnapshot(RevisionCase c) {
    assertEquals(c.expected(), CloudState.changesAnything(
        new DesiredChanges("s", c.revision(), c.full(), List.of()), c.applied()));
  }

  private static Map<CloudKey, JsonNode> map(List<String> items) {
    Map<CloudKey, JsonNode> m = new TreeMap<>();
    items.forEach(i -> {
      DesiredChange c = change(i);
      m.put(new CloudKey(c.kind(), c.name()), c.spec());
    });
    return m;
  }

  private static DesiredChange change(String s) {
    DesiredKind kind = s.startsWith("T:") ? TD : SVC;
    String rest = s.substring(2);
    if (rest.endsWith("-")) {
      return new DesiredChange(kind, rest.substring(0, rest.length() - 1), ChangeOp.DELETE, null);
    }
    String[] p = rest.split("=");
    String v = Arrays.asList("bad").contains(p[1]) ? "\"bad\"" : p[1];
    return new DesiredChange(kind, p[0], ChangeOp.UPSERT,
        SyncJson.read(("{\"v\":" + v + "}").getBytes(), JsonNode.class));
  }
}
