package dev.backroom.ecs.shapes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.backroom.config.model.TaskDefinition;
import dev.backroom.ecs.arn.Arns;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The pure parts of the task-definition operations: listing order and the ECS shape. */
class TaskDefinitionShapesTest {
  record Rev(String family, int revision) {
    @Override
    public String toString() {
      return family + ":" + revision;
    }
  }

  record Case(String name, List<Rev> revisions, List<String> ascending) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> orders() {
    return Stream.of(
        new Case("revisions numerically, not as text", List.of(new Rev("web", 10),
            new Rev("web", 9), new Rev("web", 100)), List.of("web:9", "web:10", "web:100")),
        new Case("a family before its longer namesakes", List.of(new Rev("web-api", 1),
            new Rev("web", 2), new Rev("web_x", 1), new Rev("web1", 1)),
            List.of("web:2", "web-api:1", "web1:1", "web_x:1")),
        new Case("upper case before lower case, as ECS's lexicographic order", List.of(
            new Rev("b", 1), new Rev("B", 1), new Rev("a", 3)), List.of("B:1", "a:3", "b:1")));
  }

  /** Verifies that DESC is exactly ASC reversed, families and revisions both. */
  @ParameterizedTest
  @MethodSource("orders")
  void listingKeys_sortAsEcsLists(Case c) {
    assertEquals(c.ascending(), sorted(c.revisions(), false));
    List<String> descending = new ArrayList<>(c.ascending());
    Collections.reverse(descending);
    assertEquals(descending, sorted(c.revisions(), true));
  }

  static Stream<Long> seeds() {
    return Stream.of(1L, 2L, 3L, 42L, 2026L);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void descendingKeys_alwaysReverseAscendingOnes(long seed) {
    Random random = new Random(seed);
    String alphabet = "ab-_Z09";
    List<Rev> revisions = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      StringBuilder family = new StringBuilder();
      for (int n = 1 + random.nextInt(4); n > 0; n--) {
        family.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      Rev r = new Rev(family.toString(), 1 + random.nextInt(999_999_999));
      if (revisions.stream().noneMatch(r::equals)) {
        revisions.add(r);
      }
    }
    List<String> expected = revisions.stream().sorted(Comparator.comparing(Rev::family)
        .thenComparingInt(Rev::revision)).map(Rev::toString).toList();
    assertEquals(expected, sorted(revisions, false));
    List<String> reversed = new ArrayList<>(expected);
    Collections.reverse(reversed);
    assertEquals(reversed, sorted(revisions, true));
  }

  @Test
  void theShape_hasEcsReadOnlyMembers_stringSizes_andNoTags() {
    TaskDefinition td = new TaskDefinition("web", 3, List.of(), 256, 512, null, null, null, null,
        null, List.of(new TaskDefinition.Tag("k", "v")), null, null);
    var shape = TaskDefinitionShapes.taskDefinition(td, "INACTIVE",
        Instant.ofEpochMilli(1_735_732_800_125L), Instant.ofEpochSecond(1_735_732_900), "alice",
        new Arns("us-east-1", "000000000000"));
    assertEquals("arn:aws:ecs:us-east-1:000000000000:task-definition/web:3",
        shape.get("taskDefinitionArn").asText());
    assertEquals("256", shape.get("cpu").textValue());
    assertEquals("512", shape.get("memory").textValue());
    assertEquals("bridge", shape.get("networkMode").asText());
    assertEquals("[\"EXTERNAL\"]", shape.get("compatibilities").toString());
    assertEquals("[]", shape.get("volumes").toString());
    assertEquals("1735732800.125", shape.get("registeredAt").toString());
    assertEquals("1735732900.0", shape.get("deregisteredAt").toString());
    assertEquals("alice", shape.get("registeredBy").asText());
    assertFalse(shape.has("tags"));
  }

  @Test
  void families_areActiveWhenAnyRevisionIs() {
    TaskDefinition a = new TaskDefinition("a", 1, List.of(), null, null, null, null);
    TaskDefinition b = new TaskDefinition("b", 1, List.of(), null, null, null, null);
    record Listed(TaskDefinition td, boolean active) {}
    assertEquals(Map.of("a", true, "b", false), TaskDefinitionShapes.families(List.of(
        new Listed(a, false), new Listed(a.withRevision(2), true), new Listed(b, false)),
        l -> l.td().family(), Listed::active));
  }

  private static List<String> sorted(List<Rev> revisions, boolean descending) {
    return revisions.stream()
        .sorted(Comparator.comparing(r -> TaskDefinitionShapes.listingKey(r.family(),
            r.revision(), descending)))
        .map(Rev::toString).toList();
  }
}
