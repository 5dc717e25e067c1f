package dev.backroom.hub.ecs;

import static dev.backroom.hub.ecs.EcsTesting.call;
import static dev.backroom.hub.ecs.EcsTesting.cli;
import static dev.backroom.hub.ecs.EcsTesting.key;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backroom.hub.ecs.EcsTesting.CliResult;
import dev.backroom.hub.ecs.EcsTesting.Key;
import dev.backroom.hub.enrollment.TestDevices;
import dev.backroom.hub.mqtt.HubMqtt;
import dev.backroom.hub.web.Roles;
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
 * A service on a scripted device (it reports every task it is assigned as RUNNING), driven by
 * the real AWS CLI: {@code aws ecs wait services-stable} succeeds once the task runs and one
 * deployment is left, and {@code update-service --force-new-deployment} with the same revision
 * replaces the task through a new deployment.
 */
@QuarkusTest
class ServiceRolloutTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private final MessageCodec codec = new MessageCodec();
  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private final AtomicLong seq = new AtomicLong();

  @Inject HubMqtt mqtt;

  @Test
  void servicesStable_thenAForcedDeployment_replacesTheTask() {
    String device = "ecs-svc-" + run;
    String name = "stable-" + run;
    Key operator = key(Roles.OPERATOR);
    AtomicReference<Assignment> latest = new AtomicReference<>();
    ScheduledExecutorService beats = Executors.newSingleThreadScheduledExecutor();
    try (PahoMqttTransport t = new PahoMqttTransport(TestDevices.enroll(device)
        .options(mqtt.brokerUri()))) {
      t.subscribe(Topics.assignment(device), 1, m -> {
        if (codec.decode(m.payload(), Topics.ASSIGNMENT, device, Assignment.class)
            instanceof Decoded.Ok<Assignment> ok) {
          latest.set(ok.body());
          t.publish(Topics.status(device), codec.encode(Topics.STATUS, device, 2,
              new StatusReport(device, ok.body().generation(), ok.body().tasks().stream()
                  .map(ServiceRolloutTest::running).toList())), 1, false);
        }
      });
      t.start();
      await().atMost(WAIT).until(t::isConnected);
      t.publish(Topics.capabilities(device), codec.encode(Topics.CAPABILITIES, device, 1,
          new Capabilities(device, "amd64", "linux", 4, 4096, 0,
              Map.of("ecs-svc", run, "ecs.cpu-architecture", "x86_64", "ecs.os-type", "linux"),
              "test")), 1, true);
      beats.scheduleAtFixedRate(() -> t.publish(Topics.heartbeat(device), codec.encode(
          Topics.HEARTBEAT, device, 1, new Heartbeat(device, seq.incrementAndGet(), 0, 0)), 0,
          false), 0, 500, TimeUnit.MILLISECONDS);

      String fam = ServiceOperationsTest.family("stable-" + run, 1);
      CliResult created = cli(operator, "create-service", "--service-name", name,
          "--task-definition", fam, "--desired-count", "1",
          "--health-check-grace-period-seconds", "0", "--placement-constraints",
          "type=memberOf,expression=attribute:ecs-svc == " + run);
      assertEquals(0, created.exit(), created.err());

      // The real waiter: it polls every 15 s and exits 0 once the service is stable.
      CliResult stable = cli(operator, "wait", "services-stable", "--services", name);
      assertEquals(0, stable.exit(), stable.out() + stable.err());
      JsonNode s = describe(operator, name);
      assertEquals(1, s.path("runningCount").asInt());
      assertEquals(1, s.path("deployments").size());
      // As on ECS, the waiter (one deployment, running = desired) can succeed a moment before
      // the deployment is marked COMPLETED: the running count is the device's report as stored,
      // the rollout state is the next pass's.
      await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertEquals("COMPLETED",
          describe(operator, name).path("deployments").path(0).path("rolloutState").asText()));
      JsonNode first = describe(operator, name).path("deployments").path(0);
      String firstTask = latest.get().tasks().get(0).taskId();

      CliResult forced = cli(operator, "update-service", "--service", name,
          "--force-new-deployment");
      assertEquals(0, forced.exit(), forced.err());
      // A new deployment of the same revision replaces the task, then retires the old one.
      await().atMost(WAIT).untilAsserted(() -> {
        JsonNode now = describe(operator, name);
        assertEquals(1, now.path("deployments").size(), now.toString());
        JsonNode d = now.path("deployments").path(0);
        assertNotEquals(first.path("id").asText(), d.path("id").asText());
        assertEquals("COMPLETED", d.path("rolloutState").asText());
        assertEquals(first.path("taskDefinition").asText(), d.path("taskDefinition").asText());
        assertEquals(1, now.path("runningCount").asInt());
      });
      await().atMost(WAIT).until(() -> latest.get().tasks().size() == 1
          && !latest.get().tasks().get(0).taskId().equals(firstTask));
      JsonNode events = describe(operator, name).path("events");
      assertTrue(events.toString().contains("new deployment forced"), events.toString());
    } finally {
      beats.shutdownNow();
      call(key(Roles.OPERATOR), "DeleteService", "{\"service\":\"" + name + "\",\"force\":true}");
    }
  }

  private static JsonNode describe(Key k, String name) {
    return call(k, "DescribeServices", "{\"services\":[\"" + name + "\"]}").json()
        .path("services").path(0);
  }

  private static TaskStatus running(AssignedTask task) {
    return new TaskStatus(task.taskId(), task.serviceName(), task.specHash(), TaskStatus.RUNNING,
        "UNKNOWN", List.of(new ContainerStatus("main", "c-" + task.taskId(), "running", null,
            "UNKNOWN", 0, null)));
  }
}
