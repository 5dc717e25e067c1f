package dev.backroom.cloud.ecs;

import static dev.backroom.cloud.support.Cloud.enrolledStore;
import static dev.backroom.cloud.support.Cloud.uniqueId;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backroom.cloud.ecs.EcsTesting.CliResult;
import dev.backroom.cloud.ecs.EcsTesting.Key;
import dev.backroom.cloud.support.Cloud;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Container states and recently stopped tasks on the cloud's /ecs, from report batches shaped as
 * a hub writes them (its task records with their containers as the device reported them, and
 * the tasks it stopped within the hour), read with the real AWS CLI, its tasks-stopped waiter
 * included. A batch of an older hub (no container states, no stopped tasks) still reads.
 */
@QuarkusTest
class CloudEcsStoppedTasksTest {
  private static final String ARN = "arn:aws:ecs:us-east-1:000000000000:";
  private static final String STARTED = "2026-01-02T03:04:05.678Z";
  private static final String FINISHED = "2026-01-02T03:05:00Z";

  /** An older hub's batch: task records without container states, only tasks to run. */
  private static final String OLD_BATCH = """
      {"sequence":1,"sentAt":"2026-01-02T03:04:10Z","devices":[],"tasks":[
       {"taskId":"run-a","serviceName":null,"deviceId":"d1","taskFamily":"job","taskRevision":2,
        "specHash":"h1","desiredStatus":"RUNNING","lastStatus":"RUNNING","healthStatus":"UNKNOWN",
        "containers":[],"reportedGeneration":4,"stoppedReason":null,
        "createdAt":"2026-01-02T03:04:00Z","updatedAt":"2026-01-02T03:04:06Z","held":false,
        "runningSince":"2026-01-02T03:04:06Z","restarts":0},
       {"taskId":"web-1","serviceName":"web","deviceId":"d1","taskFamily":"web","taskRevision":1,
        "specHash":"h2","desiredStatus":"RUNNING","lastStatus":"RUNNING","healthStatus":"UNKNOWN",
        "containers":[],"reportedGeneration":4,"stoppedReason":null,
        "createdAt":"2026-01-02T03:00:00Z","updatedAt":"2026-01-02T03:00:06Z","held":false,
        "runningSince":"2026-01-02T03:00:06Z","restarts":0}],"deployments":[],"events":[]}""";

  /**
   * The next batch of a current hub: run-a's container exited 3 and the task ended, a user
   * stopped web-1 and web-2 replaced it.
   */
  private static final String NEW_BATCH = """
      {"sequence":2,"sentAt":"2026-01-02T03:05:10Z","devices":[],"tasks":[
       {"taskId":"web-2","serviceName":"web","deviceId":"d1","taskFamily":"web","taskRevision":1,
        "specHash":"h2","desiredStatus":"RUNNING","lastStatus":"RUNNING","healthStatus":"UNKNOWN",
        "containers":[{"name":"main","containerId":"c-web-2","state":"running","exitCode":null,
         "health":"UNKNOWN","restarts":0,"message":null,"networkBindings":[{"bindIP":"0.0.0.0",
         "containerPort":8080,"hostPort":18080,"protocol":"tcp"}],"startedAt":"%1$s"}],
        "reportedGeneration":5,"stoppedReason":null,"createdAt":"2026-01-02T03:04:30Z",
        "updatedAt":"2026-01-02T03:04:40Z","held":false,"runningSince":"2026-01-02T03:04:40Z",
        "restarts":0},
       {"taskId":"run-a","serviceName":null,"deviceId":"d1","taskFamily":"job","taskRevision":2,
        "specHash":"h1","desiredStatus":"STOPPED","lastStatus":"STOPPED","healthStatus":"UNKNOWN",
        "containers":[{"name":"main","containerId":"c-run-a","state":"exited","exitCode":3,
         "health":"UNKNOWN","restarts":0,"message":"exited 3","startedAt":"%1$s",
         "finishedAt":"%2$s"}],"reportedGeneration":5,
        "stoppedReason":"Essential container in task exited","createdAt":"2026-01-02T03:04:00Z",
        "updatedAt":"2026-01-02T03:05:01Z","held":false,"runningSince":null,"restarts":0,
        "startedBy":"ci-7","group":"batch","stopCode":"EssentialContainerExited",
        "stoppingAt":"2026-01-02T03:05:01Z","stoppedAt":"%2$s"},
       {"taskId":"web-1","serviceName":"web","deviceId":"d1","taskFamily":"web","taskRevision":1,
        "specHash":"h2","desiredStatus":"STOPPED","lastStatus":"STOPPED","healthStatus":"UNKNOWN",
        "containers":[{"name":"main","containerId":"c-web-1","state":"exited","exitCode":137,
         "health":"UNKNOWN","restarts":0,"message":"exited 137","startedAt":"%1$s",
         "finishedAt":"2026-01-02T03:04:31Z"}],"reportedGeneration":5,
        "stoppedReason":"stopped by alice: done","createdAt":"2026-01-02T03:00:00Z",
        "updatedAt":"2026-01-02T03:04:31Z","held":false,"runningSince":null,"restarts":0,
        "stopCode":"UserInitiated","stoppedAt":"2026-01-02T03:04:31Z"}],
       "deployments":[],"events":[]}""".formatted(STARTED, FINISHED);

  private static void post(String credential, String batch) {
    Cloud.as(credential).body(batch).post("/sync/v1/reports").then().statusCode(200);
  }

  private static JsonNode ok(CliResult r) {
    assertEquals(0, r.exit(), r.out() + r.err());
    return r.json();
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  @Test
  void exitCodes_stoppedTasks_andTheTasksStoppedWaiter() throws Exception {
    String store = uniqueId("s");
    String credential = enrolledStore(store, Map.of());
    Key viewer = EcsTesting.key("viewer");
    post(credential, OLD_BATCH);

    JsonNode old = ok(EcsTesting.cli(viewer, "describe-tasks", "--cluster", store, "--tasks",
        "run-a")).at("/tasks/0");
    assertEquals("RUNNING", old.at("/lastStatus").asText(), old.toString());
    assertEquals("family:job", old.at("/group").asText(), "an older hub's task reads as before");
    assertFalse(old.has("stopCode") || old.has("stoppedAt"), old.toString());

    // The waiter polls while the task runs, and returns once a report says it stopped.
    CompletableFuture<CliResult> waiting = CompletableFuture.supplyAsync(() ->
        EcsTesting.cli(viewer, "wait", "tasks-stopped", "--cluster", store, "--tasks",
            ARN + "task/" + store + "/run-a"));
    // Watched throughout 4 s (the CLI's first poll is at once, the next after its 6 s delay):
    // a waiter that returned on the RUNNING task would end the wait with a failure.
    await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(5))
        .until(() -> !waiting.isDone());
    post(credential, NEW_BATCH);
    CliResult waited = waiting.get(60, TimeUnit.SECONDS);
    assertEquals(0, waited.exit(), waited.err());

    JsonNode d = ok(EcsTesting.cli(viewer, "describe-tasks", "--cluster", store, "--tasks",
        "run-a", "web-1", "web-2"));
    assertEquals(0, d.at("/failures").size(), d.toString());
    JsonNode a = d.at("/tasks/0");
    assertEquals("STOPPED", a.at("/lastStatus").asText(), a.toString());
    assertEquals("STOPPED", a.at("/desiredStatus").asText());
    assertEquals("EssentialContainerExited", a.at("/stopCode").asText());
    assertEquals("Essential container in task exited", a.at("/stoppedReason").asText());
    assertEquals(Instant.parse(FINISHED).getEpochSecond(), a.at("/stoppedAt").asLong());
    assertEquals(Instant.parse(STARTED).toEpochMilli() / 1000.0, a.at("/startedAt").asDouble(),
        0.001);
    assertTrue(a.at("/stoppingAt").isNumber(), a.toString());
    assertEquals("ci-7", a.at("/startedBy").asText());
    assertEquals("batch", a.at("/group").asText());
    JsonNode c = a.at("/containers/0");
    assertEquals("main", c.at("/name").asText(), a.toString());
    assertEquals("STOPPED", c.at("/lastStatus").asText());
    assertEquals(3, c.at("/exitCode").asInt());
    assertEquals("exited 3", c.at("/reason").asText());
    assertEquals("c-run-a", c.at("/runtimeId").asText());

    JsonNode replaced = d.at("/tasks/1");
    assertEquals("UserInitiated", replaced.at("/stopCode").asText(), replaced.toString());
    assertEquals("stopped by alice: done", replaced.at("/stoppedReason").asText());
    assertEquals(137, replaced.at("/containers/0/exitCode").asInt());

    JsonNode running = d.at("/tasks/2");
    assertEquals("RUNNING", running.at("/lastStatus").asText(), running.toString());
    JsonNode binding = running.at("/containers/0/networkBindings/0");
    assertEquals(18080, binding.at("/hostPort").asInt(), running.toString());
    assertEquals(8080, binding.at("/containerPort").asInt());
    assertEquals("RUNNING", running.at("/containers/0/lastStatus").asText());
    assertFalse(running.at("/containers/0").has("exitCode"), running.toString());

    String prefix = ARN + "task/" + store + "/";
    assertEquals(List.of(prefix + "web-2"), texts(ok(EcsTesting.cli(viewer, "list-tasks",
        "--cluster", store)).at("/taskArns")), "RUNNING (the default) lists the running one");
    List<String> stopped = texts(ok(EcsTesting.cli(viewer, "list-tasks", "--cluster", store,
        "--desired-status", "STOPPED")).at("/taskArns"));
    assertEquals(List.of(prefix + "run-a", prefix + "web-1"), stopped.stream().sorted().toList());
    assertEquals(List.of(prefix + "run-a"), texts(ok(EcsTesting.cli(viewer, "list-tasks",
        "--cluster", store, "--desired-status", "STOPPED", "--started-by", "ci-7"))
        .at("/taskArns")));
    assertEquals(List.of(prefix + "web-1"), texts(ok(EcsTesting.cli(viewer, "list-tasks",
        "--cluster", store, "--desired-status", "STOPPED", "--service-name", "web"))
        .at("/taskArns")));

    JsonNode cluster = ok(EcsTesting.cli(viewer, "describe-clusters", "--clusters", store))
        .at("/clusters/0");
    assertEquals(1, cluster.at("/runningTasksCount").asInt(), "stopped tasks count for nothing");
    assertEquals(0, cluster.at("/pendingTasksCount").asInt(), cluster.toString());
  }
}
