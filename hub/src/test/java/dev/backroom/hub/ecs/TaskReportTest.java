package dev.backroom.hub.ecs;

import static dev.backroom.hub.auth.AuthTesting.given;
import static dev.backroom.hub.ecs.EcsTesting.call;
import static dev.backroom.hub.ecs.EcsTesting.key;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backroom.hub.ecs.EcsTesting.Answer;
import dev.backroom.hub.ecs.EcsTesting.Key;
import dev.backroom.hub.mqtt.HubMqtt;
import dev.backroom.hub.store.TaskRecord;
import dev.backroom.hub.store.TaskStore;
import dev.backroom.hub.sync.ReportedTasks;
import dev.backroom.hub.web.Roles;
import dev.backroom.jdbc.Jdbc;
import dev.backroom.sync.wire.ReportBatch;
import dev.backroom.sync.wire.SyncJson;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What the cloud report carries of tasks ({@link ReportedTasks}, the snapshot every report batch
 * holds): the container states a device reported, as the hub's own DescribeTasks draws them, and
 * the recently stopped tasks with their stop code, reason and times. Driven through the hub's
 * /ecs and a device speaking the wire protocol ({@link TaskDevice}), so the records are the
 * hub's own.
 */
@QuarkusTest
class TaskReportTest {
  @Inject HubMqtt mqtt;
  @Inject ReportedTasks reported;
  @Inject TaskStore tasks;
  @Inject Jdbc jdbc;

  private final String run = UUID.randomUUID().toString().substring(0, 8);

  private String register(String family) {
    String f = family + "-" + run;
    given().contentType("application/json").body("""
        {"family":"%s","networkMode":"host","containerDefinitions":[{"name":"main",
         "image":"backroom/busybox:1","memory":32,"command":["sh","-c","sleep 600"]}]}"""
        .formatted(f)).post("/api/v1/task-definitions").then().statusCode(201);
    return f;
  }

  private static String id(String arn) {
    return arn.substring(arn.lastIndexOf('/') + 1);
  }

  private JsonNode find(List<JsonNode> snapshot, String taskId) {
    return snapshot.stream().filter(t -> t.path("taskId").asText().equals(taskId)).findFirst()
        .orElse(null);
  }

  @Test
  void aReport_carriesContainerStates_andTheRecentlyStoppedTasks() {
    Key k = key(Roles.OPERATOR);
    String family = register("report");
    try (TaskDevice device = new TaskDevice(mqtt.brokerUri(), "ecs-report-" + run)) {
      Answer ran = call(k, "RunTask", """
          {"taskDefinition":"%s","count":3,"startedBy":"ci-%s","placementConstraints":
           [{"type":"memberOf","expression":"%s"}]}""".formatted(family, run,
          device.constraint()));
      assertEquals(200, ran.status(), ran.body());
      List<String> ids = new ArrayList<>();
      ran.json().at("/tasks").forEach(t -> ids.add(id(t.at("/taskArn").asText())));
      assertEquals(3, ids.size(), ran.body());
      await().atMost(Duration.ofSeconds(20)).until(() -> ids.stream().allMatch(i ->
          tasks.find(i).map(t -> TaskRecord.RUNNING.equals(t.lastStatus())).orElse(false)));
      String running = ids.get(0);
      String userStopped = ids.get(1);
      String exited = ids.get(2);
      Answer stop = call(k, "StopTask", "{\"task\":\"" + userStopped + "\",\"reason\":\"done\"}");
      assertEquals(200, stop.status(), stop.body());
      device.exit(exited, 3);
      await().atMost(Duration.ofSeconds(20)).until(() -> List.of(userStopped, exited).stream()
          .allMatch(i -> tasks.find(i).map(t -> TaskRecord.STOPPED.equals(t.lastStatus())
              && TaskRecord.STOPPED.equals(t.desiredStatus())).orElse(false)));

      Instant now = Instant.now();
      List<JsonNode> snapshot = reported.snapshot(now);
      JsonNode r = find(snapshot, running);
      assertNotNull(r, "the running task is reported");
      assertEquals("RUNNING", r.path("desiredStatus").asText(), r.toString());
      assertEquals("ci-" + run, r.path("startedBy").asText(), r.toString());
      assertEquals("running", r.at("/containers/0/state").asText(), r.toString());
      assertEquals("c-" + running, r.at("/containers/0/containerId").asText());
      assertEquals(18080, r.at("/containers/0/networkBindings/0/hostPort").asInt(), r.toString());
      assertEquals(TaskDevice.STARTED_AT, r.at("/containers/0/startedAt").asText());
      assertFalse(r.has("stopCode") || r.has("stoppedAt"), r.toString());

      JsonNode e = find(snapshot, exited);
      assertNotNull(e, "a task that exited is reported, stopped");
      assertEquals("STOPPED", e.path("desiredStatus").asText(), e.toString());
      assertEquals("STOPPED", e.path("lastStatus").asText());
      assertEquals(3, e.at("/containers/0/exitCode").asInt(), e.toString());
      assertEquals("exited", e.at("/containers/0/state").asText());
      assertEquals("EssentialContainerExited", e.path("stopCode").asText(), e.toString());
      assertTrue(e.path("stoppedReason").asText().contains("Essential container"), e.toString());
      assertEquals(Instant.parse(TaskDevice.FINISHED_AT), Instant.parse(e.path("stoppedAt")
          .asText()), "stoppedAt is when its container ended, as the hub's DescribeTasks says");

      JsonNode u = find(snapshot, userStopped);
      assertNotNull(u, "a task a user stopped is reported, stopped");
      assertEquals("UserInitiated", u.path("stopCode").asText(), u.toString());
      assertEquals("done", u.path("stoppedReason").asText());
      assertTrue(u.hasNonNull("stoppingAt") && u.hasNonNull("stoppedAt"), u.toString());

      // The batch as the hub writes it reads back whole.
      ReportBatch batch = SyncJson.read(SyncJson.write(new ReportBatch(1, now, List.of(),
          snapshot, List.of(), List.of())), ReportBatch.class);
      assertEquals(3, find(batch.tasks(), exited).at("/containers/0/exitCode").asInt());

      // An hour later the stopped ones have left the report; the running one stays.
      List<JsonNode> later = reported.snapshot(now.plus(Duration.ofMinutes(61)));
      assertNotNull(find(later, running));
      assertEquals(null, find(later, exited), "stopped over an hour ago");
      assertEquals(null, find(later, userStopped), "stopped over an hour ago");
    }
  }

  @Test
  void stoppedTasks_areBounded_newestFirst() {
    // Written stopped at once (no control loop pass sees them running), a day ahead so they are
    // the newest stopped tasks of the shared app.
    // H2 keeps microseconds: a whole second compares as written.
    Instant t0 = Instant.now().plus(Duration.ofDays(1)).truncatedTo(ChronoUnit.SECONDS);
    for (int i = 0; i < 3; i++) {
      jdbc.update("insert into tasks (task_id, service_name, device_id, task_family,"
          + " task_revision, spec_hash, desired_status, last_status, stopped_reason, created_at,"
          + " updated_at) values (?, 'bound', 'nowhere', 'bound', 1, 'h', 'STOPPED', 'STOPPED',"
          + " 'gone', ?, ?)", "bound-" + run + "-" + i, t0, t0.plusSeconds(i));
    }
    try {
      assertBounded(t0);
    } finally {
      jdbc.update("delete from tasks where task_id like ?", "bound-" + run + "-%");
    }
  }

  private void assertBounded(Instant t0) {
    List<String> ids = tasks.listReported(t0, 2).stream().map(TaskRecord::taskId)
        .filter(i -> i.startsWith("bound-" + run)).toList();
    assertEquals(List.of("bound-" + run + "-2", "bound-" + run + "-1"), ids,
        "the newest stopped tasks, at most the bound");
    List<String> since = tasks.listReported(t0.plusSeconds(2), 100).stream()
        .map(TaskRecord::taskId).filter(i -> i.startsWith("bound-" + run)).toList();
    assertEquals(List.of("bound-" + run + "-2"), since, "only those stopped in the window");
    JsonNode shown = find(reported.snapshot(t0.plusSeconds(2)), "bound-" + run + "-2");
    assertEquals("ServiceSchedulerInitiated", shown.path("stopCode").asText(), shown.toString());
    assertEquals("gone", shown.path("stoppedReason").asText());
  }
}
