package dev.backroom.hub.runtime;

import static dev.backroom.hub.auth.AuthTesting.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.backroom.hub.enrollment.TestDevices;
import dev.backroom.hub.mqtt.HubMqtt;
import dev.backroom.mqtt.Topics;
import dev.backroom.mqtt.codec.Decoded;
import dev.backroom.mqtt.codec.MessageCodec;
import dev.backroom.mqtt.message.AssignedTask;
import dev.backroom.mqtt.message.Assignment;
import dev.backroom.mqtt.message.Capabilities;
import dev.backroom.mqtt.message.ContainerStatus;
import dev.backroom.mqtt.message.Heartbeat;
import dev.backroom.mqtt.message.StatusReport;
import dev.backroom.mqtt.message.TaskStatus;
import dev.backroom.mqtt.transport.PahoMqttTransport;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A rollout through the real loop, store and broker, with a scripted device: verifies that the
 * rollout steps the passes plan are written as the deployments, the service and the events an
 * operator reads. The first deployment completes; the next revision's task keeps restarting, so
 * the circuit breaker fails its deployment and rolls the service back to the revision that
 * completed, whose task ran throughout.
 */
@QuarkusTest
class RolloutOverMqttTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private final MessageCodec codec = new MessageCodec();
  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private final AtomicLong seq = new AtomicLong();

  @Inject HubMqtt mqtt;

  @Test
  void failingRevision_tripsTheBreaker_andTheServiceRollsBack() {
    String device = "rollout-" + run;
    String family = "ro-" + run;
    String service = "ro-svc-" + run;
    AtomicReference<Assignment> latest = new AtomicReference<>();
    ScheduledExecutorService beats = Executors.newSingleThreadScheduledExecutor();
    try (PahoMqttTransport t = new PahoMqttTransport(TestDevices.enroll(device)
        .options(mqtt.brokerUri()))) {
      // Like an agent: reports every assignment it gets, revision 2's task restarting.
      t.subscribe(Topics.assignment(device), 1, m -> {
        if (codec.decode(m.payload(), Topics.ASSIGNMENT, device, Assignment.class)
            instanceof Decoded.Ok<Assignment> ok) {
          latest.set(ok.body());
          t.publish(Topics.status(device), codec.encode(Topics.STATUS, device, 2,
              new StatusReport(device, ok.body().generation(),
                  ok.body().tasks().stream().map(RolloutOverMqttTest::status).toList())), 1, false);
        }
      });
      t.start();
      await().atMost(WAIT).until(t::isConnected);
      t.publish(Topics.capabilities(device), codec.encode(Topics.CAPABILITIES, device, 1,
          new Capabilities(device, "amd64", "linux", 4, 4096, 0,
              Map.of("rollout", run, "ecs.cpu-architecture", "x86_64", "ecs.os-type", "linux"),
              "test")), 1, true);
      // The test profile loses a device after 3 s without a sign of life.
      beats.scheduleAtFixedRate(() -> t.publish(Topics.heartbeat(device), codec.encode(
          Topics.HEARTBEAT, device, 1, new Heartbeat(device, seq.incrementAndGet(), 0, 0)), 0,
          false), 0, 500, TimeUnit.MILLISECONDS);
      for (String command : List.of("serving", "exit 3")) {
        given().contentType("application/json").body("""
            {"family":"%s","networkMode":"none","containerDefinitions":[{"name":"main",
             "image":"backroom/busybox:1","memory":16,"command":["sh","-c","%s"]}]}"""
            .formatted(family, command)).post("/api/v1/task-definitions").then().statusCode(201);
      }
      String body = """
          {"serviceName":"%s","taskDefinition":"%s:%d","desiredCount":1,
           "healthCheckGracePeriodSeconds":0,"placementConstraints":[{"type":"memberOf",
           "expression":"attribute:rollout == %s"}]}""";
      given().contentType("application/json").body(body.formatted(service, family, 1, run))
          .post("/api/v1/services").then().statusCode(201);
      await().atMost(WAIT).untilAsserted(() -> given().get("/api/v1/services/" + service
          + "/deployments").then().body("$", hasSize(1))
          .body("[0].rolloutState", equalTo("COMPLETED")));

      given().contentType("application/json").body(body.formatted(service, family, 2, run))
          .put("/api/v1/services/" + service).then().statusCode(200);

      await().atMost(WAIT).untilAsserted(() -> given().get("/api/v1/services/" + service
          + "/deployments").then().body("$", hasSize(3))
          .body("[0].taskRevision", equalTo(1)).body("[0].rolloutState", equalTo("COMPLETED"))
          .body("[1].taskRevision", equalTo(2)).body("[1].rolloutState", equalTo("FAILED"))
          .body("[1].failedTasks", equalTo(3))
          .body("[1].rolloutReason", containsString("reached the circuit breaker threshold of 3"))
          .body("[2].taskRevision", equalTo(1)).body("[2].rolloutState", equalTo("COMPLETED")));
      given().get("/api/v1/services/" + service).then()
          .body("taskDefinition", equalTo(family + ":1"));
      String failed = given().get("/api/v1/services/" + service + "/deployments").then()
          .extract().path("[1].deploymentId");
      String back = given().get("/api/v1/services/" + service + "/deployments").then()
          .extract().path("[0].deploymentId");
      given().get("/api/v1/events?kind=rollback&serviceName=" + service).then()
          .body("$", hasSize(1)).body("[0].deploymentId", equalTo(back))
          .body("[0].reason", equalTo("circuit breaker: deployment " + failed + " of "
              + family + ":2 failed"))
          .body("[0].message", equalTo("rolled " + service + " back to " + family + ":1"));
      given().get("/api/v1/events?kind=deployment-failed&serviceName=" + service).then()
          .body("$", hasSize(1)).body("[0].deploymentId", equalTo(failed));
      await().atMost(WAIT).until(() -> latest.get().tasks().size() == 1);
      assertEquals(1, latest.get().tasks().get(0).taskDefinition().revision(),
          "the restarting task is stopped, the healthy one stays");
    } finally {
      beats.shutdownNow();
      given().delete("/api/v1/services/" + service);
    }
  }

  /** Revision 1 runs; revision 2's container has restarted three times and is restarting. */
  private static TaskStatus status(AssignedTask task) {
    boolean failing = task.taskDefinition().revision() == 2;
    return new TaskStatus(task.taskId(), task.serviceName(), task.specHash(),
        failing ? TaskStatus.PENDING : TaskStatus.RUNNING, "UNKNOWN",
        List.of(new ContainerStatus("main", "c-" + task.taskId(),
            failing ? "restarting" : "running", failing ? 3 : null, "UNKNOWN", failing ? 3 : 0,
            null)));
  }
}
