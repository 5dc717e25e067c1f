package dev.backroom.hub.ecs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backroom.config.json.Json;
import dev.backroom.config.model.TaskDefinition;
import dev.backroom.ecs.arn.Arns;
import dev.backroom.hub.store.StandaloneTaskStore.StandaloneTask;
import dev.backroom.hub.store.TaskRecord;
import dev.backroom.mqtt.message.ContainerStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The ECS Task shape of a hub task: statuses, stop codes and times, table by table. */
class TaskRendererTest {
  static final Instant CREATED = Instant.parse("2026-03-01T10:00:00Z");
  static final Instant UPDATED = Instant.parse("2026-03-01T10:05:00.250Z");
  static final Arns ARNS = new Arns("us-east-1", "000000000000");

  record StatusCase(String dockerState, String taskStatus, String expected) {}

  static Stream<StatusCase> statuses() {
    return Stream.of(
        new StatusCase("running", "RUNNING", "RUNNING"),
        new StatusCase("paused", "RUNNING", "RUNNING"),
        new StatusCase("created", "PENDING", "PENDING"),
        new StatusCase("restarting", "RUNNING", "PENDING"),
        new StatusCase("exited", "STOPPED", "STOPPED"),
        new StatusCase("dead", "RUNNING", "STOPPED"),
        new StatusCase(null, "PENDING", "PENDING"),
        new StatusCase(null, "STOPPED", "STOPPED"));
  }

  @ParameterizedTest
  @MethodSource("statuses")
  void containerStatus_followsDockersState(StatusCase c) {
    assertEquals(c.expected(), TaskRenderer.containerStatus(c.dockerState(), c.taskStatus()));
  }

  record StopCase(String service, String desired, String reason, String standaloneCode,
      String expected) {}

  static Stream<StopCase> stops() {
    return Stream.of(
        new StopCase(null, "STOPPED", "done", "UserInitiated", "UserInitiated"),
        new StopCase(null, "STOPPED", "Essential container in task exited",
            "EssentialContainerExited", "EssentialContainerExited"),
        new StopCase(null, "RUNNING", null, null, null),
        new StopCase("web", "STOPPED", "stopped by alice: bad build", null, "UserInitiated"),
        new StopCase("web", "STOPPED", "scale down 3→2", null, "ServiceSchedulerInitiated"),
        new StopCase("web", "STOPPED", "drain: stopped on d1", null, "ServiceSchedulerInitiated"),
        new StopCase("web", "RUNNING", null, null, null));
  }

  @ParameterizedTest
  @MethodSource("stops")
  void stopCode_isTheStoredOne_orTellsAUsersStopFromTheSchedulers(StopCase c) {
    TaskRecord t = task(c.service(), c.desired(), "STOPPED", c.reason(), List.of());
    StandaloneTask s = c.service() != null ? null
        : new StandaloneTask(t.taskId(), null, "family:f", null, "d", null, null,
            c.standaloneCode(), null);
    assertEquals(Optional.ofNullable(c.expected()), TaskRenderer.stopCode(t, s));
  }

  @Test
  void times_comeFromTheContainers_elseFromTheHub() {
    ContainerStatus ran = new ContainerStatus("main", "c1", "exited", 0, "UNKNOWN", 0, null,
        List.of(), "2026-03-01T10:01:00Z", "2026-03-01T10:04:00Z", null, null);
    ContainerStatus never = new ContainerStatus("side", "c2", "created", null, "UNKNOWN", 0, null,
        List.of(), "0001-01-01T00:00:00Z", "0001-01-01T00:00:00Z", null, null);
    TaskRecord t = task(null, "STOPPED", "STOPPED", "done", List.of(ran, never));
    assertEquals(Optional.of(Instant.parse("2026-03-01T10:01:00Z")), TaskRenderer.startedAt(t));
    assertEquals(Instant.parse("2026-03-01T10:04:00Z"), TaskRenderer.stoppedAt(t, null));
    TaskRecord bare = task(null, "STOPPED", "STOPPED", "done", List.of(never));
    assertEquals(Optional.empty(), TaskRenderer.startedAt(bare));
    assertEquals(UPDATED, TaskRenderer.stoppedAt(bare, null));
  }

  @Test
  void render_aPendingServiceTask_hasEcssShape() {
    TaskDefinition td = Json.read("""
        {"family":"f","revision":3,"networkMode":"host",
         "containerDefinitions":[{"name":"main","image":"img:1","memory":32}]}""",
        TaskDefinition.class);
    TaskRecord t = task("web", "RUNNING", "PENDING", null, List.of());
    JsonNode o = TaskRenderer.render(ARNS, "store7", new TaskRenderer.Parts(t, null, td,
        Map.of("k", "v")));
    String arn = "arn:aws:ecs:us-east-1:000000000000:";
    assertEquals(arn + "task/store7/web-1", o.at("/taskArn").asText());
    assertEquals(arn + "container-instance/store7/dev-1", o.at("/containerInstanceArn").asText());
    assertEquals(arn + "task-definition/f:3", o.at("/taskDefinitionArn").asText());
    assertEquals("PENDING", o.at("/lastStatus").asText());
    assertEquals("service:web", o.at("/group").asText());
    assertEquals("PENDING", o.at("/containers/0/lastStatus").asText());
    assertEquals("img:1", o.at("/containers/0/image").asText());
    assertEquals("[]", o.at("/overrides/containerOverrides").toString());
    assertEquals("1772359200.0", o.at("/createdAt").toString());
    assertEquals(UPDATED.toEpochMilli(), o.at("/version").asLong());
    assertEquals("[{\"key\":\"k\",\"value\":\"v\"}]", o.at("/tags").toString());
    assertEquals(true, o.at("/stoppedAt").isMissingNode());
  }

  static TaskRecord task(String service, String desired, String last, String reason,
      List<ContainerStatus> containers) {
    return new TaskRecord(service == null ? "run-1" : service + "-1", service, "dev-1", "f", 3,
        "h", desired, last, "UNKNOWN", containers, null, reason, CREATED, UPDATED, false, null, 0);
  }
}
