package dev.backroom.ecs.shapes;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.backroom.ecs.wire.EcsJson;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The container drawing and the task times the hub's DescribeTasks and the cloud's share. */
class TaskShapesTest {
  private static final Instant HUB = Instant.parse("2026-03-01T09:00:00Z");
  private static final Instant CHANGED = Instant.parse("2026-03-01T11:00:00Z");

  record Draw(String name, String reported, String taskStatus, String expected) {}

  static Stream<Draw> draws() {
    return Stream.of(
        new Draw("not reported yet", null, "PENDING", """
            {"lastStatus":"PENDING","healthStatus":"UNKNOWN","networkBindings":[]}"""),
        new Draw("never started, task stopped", null, "STOPPED", """
            {"lastStatus":"STOPPED","healthStatus":"UNKNOWN","networkBindings":[]}"""),
        new Draw("running with a port", """
            {"name":"main","containerId":"c1","state":"running","exitCode":null,
             "health":"HEALTHY","restarts":0,"message":null,"networkBindings":[{"bindIP":
             "0.0.0.0","containerPort":80,"hostPort":18080,"protocol":"tcp"}]}""", "RUNNING", """
            {"lastStatus":"RUNNING","healthStatus":"HEALTHY","networkBindings":[{"bindIP":
             "0.0.0.0","containerPort":80,"hostPort":18080,"protocol":"tcp"}],
             "runtimeId":"c1"}"""),
        new Draw("exited 3, as an agent leaves out what is empty", """
            {"name":"main","containerId":"c2","state":"exited","exitCode":3,
             "restarts":0,"message":"exited 3"}""", "STOPPED", """
            {"lastStatus":"STOPPED","healthStatus":"UNKNOWN","networkBindings":[],
             "runtimeId":"c2","exitCode":3,"reason":"exited 3"}"""));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("draws")
  void drawContainerState_showsWhatTheDeviceSaid(Draw d) throws Exception {
    ObjectNode o = EcsJson.mapper().createObjectNode();
    JsonNode reported = d.reported() == null ? null : EcsJson.mapper().readTree(d.reported());
    TaskShapes.drawContainerState(o, reported, d.taskStatus());
    assertEquals(EcsJson.mapper().readTree(d.expected()), o, d.name());
  }

  @Test
  void times_comeFromTheContainers_elseFromTheHub() {
    List<String> starts = Arrays.asList("2026-03-01T10:02:00Z", null, "0001-01-01T00:00:00Z",
        "2026-03-01T10:01:00Z");
    assertEquals(Optional.of(Instant.parse("2026-03-01T10:01:00Z")),
        TaskShapes.startedAt(starts, HUB), "the earliest real start");
    assertEquals(Optional.of(HUB), TaskShapes.startedAt(List.of("0001-01-01T00:00:00Z"), HUB));
    assertEquals(Optional.empty(), TaskShapes.startedAt(List.of(), null));
    List<String> ends = Arrays.asList("2026-03-01T10:04:00Z", "2026-03-01T10:05:00Z", null);
    assertEquals(Instant.parse("2026-03-01T10:05:00Z"), TaskShapes.stoppedAt(ends, HUB, CHANGED),
        "the latest end");
    assertEquals(HUB, TaskShapes.stoppedAt(List.of("bogus"), HUB, CHANGED),
        "when the hub stopped it");
    assertEquals(CHANGED, TaskShapes.stoppedAt(List.of(), null, CHANGED), "its last change");
  }
}
