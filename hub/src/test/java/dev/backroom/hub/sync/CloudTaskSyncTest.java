package dev.backroom.hub.sync;

import static dev.backroom.hub.auth.AuthTesting.given;
import static dev.backroom.hub.sync.CloudStandIn.upsert;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.backroom.hub.mqtt.HubMqtt;
import dev.backroom.jdbc.Jdbc;
import dev.backroom.mqtt.Topics;
import dev.backroom.mqtt.codec.MessageCodec;
import dev.backroom.mqtt.message.Capabilities;
import dev.backroom.mqtt.transport.PahoMqttTransport;
import dev.backroom.sync.wire.DesiredChange;
import dev.backroom.sync.wire.DesiredKind;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One-off tasks from the cloud (desired TASK objects) on a hub with real H2, its real sync
 * threads and a device speaking MQTT: a TASK runs once with the cloud's id, neither a repeated
 * change nor a full resync runs it again (not even after it stopped), and a stop in the object
 * stops it through the hub's StopTask, with the cloud key's owner as actor.
 */
@QuarkusTest
@TestProfile(CloudStandInResource.Profile.class)
class CloudTaskSyncTest {
  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final String OWNER = "pipeline:BKRMTESTTESTTESTTEST";
  private static final Random RANDOM = new Random();

  @Inject HubMqtt mqtt;
  @Inject Jdbc jdbc;

  @AfterEach
  void everyBatchWasValid() {
    assertEquals(List.of(), CloudStandIn.current.invalid, "batches the real cloud would refuse");
  }

  private static String newId() {
    return "run-" + java.util.HexFormat.of().toHexDigits(RANDOM.nextLong());
  }

  private static DesiredChange task(String id, String family, String stop) {
    return upsert(DesiredKind.TASK, id, """
        {"taskDefinition":{"family":"%s","containerDefinitions":[{"name":"main",
          "image":"backroom/busybox:1","memory":32,"command":["true"]}]},
         "cloudTaskDefinition":"%s:4","request":{"startedBy":"ci-7","overrides":
          {"containerOverrides":[{"name":"main","command":["echo","migrated"]}]}},
         "slot":0,"count":1,"cluster":"s-1","requestedBy":"%s",
         "requestedAt":"2026-12-07T04:00:00Z"%s}""".formatted(family, family, OWNER,
        stop == null ? "" : ",\"stop\":{\"by\":\"" + OWNER + "\",\"reason\":\"" + stop
            + "\",\"at\":\"2026-12-07T04:01:00Z\"}"));
  }

  private static long publishApplied(DesiredChange... changes) {
    long rev = CloudStandIn.current.publish(changes);
    await().atMost(WAIT).until(() -> CloudStandIn.current.acked() >= rev);
    return rev;
  }

  private long runEvents(String id) {
    return jdbc.queryOne("select count(*) from events where kind = 'task-run' and task_id = ?",
        rs -> rs.getLong(1), id).orElse(0L);
  }

  @Test
  void aTaskRunsOnce_withTheCloudsId_andNeitherARepeatNorAResyncRunsItAgain() throws Exception {
    String device = "cloud-task-dev-1";
    try (PahoMqttTransport t = new PahoMqttTransport(dev.backroom.hub.enrollment.TestDevices
        .enroll(device).options(mqtt.brokerUri()))) {
      t.start();
      await().atMost(WAIT).until(t::isConnected);
      t.publish(Topics.capabilities(device), new MessageCodec().encode(Topics.CAPABILITIES,
          device, 1, new Capabilities(device, "arm64", "linux", 4, 4096, 0, Map.of(), "test")),
          1, true);
      String id = newId();
      String family = "cloud-migrate-" + id.substring(4, 10);
      publishApplied(task(id, family, null));
      await().atMost(WAIT).until(() -> given().get("/api/v1/tasks/" + id).statusCode() == 200);
      given().get("/api/v1/tasks/" + id).then().body("desiredStatus", equalTo("RUNNING"))
          .body("startedBy", equalTo("ci-7")).body("taskFamily", equalTo(family));
      given().get("/api/v1/events?kind=task-run&taskId=" + id).then().body("size()", equalTo(1))
          .body("[0].actor", equalTo(OWNER)).body("[0].origin", equalTo("cloud"));
      // the definition the store lacked was registered from the cloud, once
      given().get("/api/v1/task-definitions?family=" + family).then().body("size()", equalTo(1));

      // the same object again, then a full resync holding it: nothing runs again
      publishApplied(task(id, family, null), task(newId(), "x-" + family, "never run"));
      CloudStandIn.current.fullSnapshotNext();
      publishApplied();
      // stopped on site, then resynced again: still not run again
      given().contentType("application/json").body("{\"reason\":\"done by hand\"}")
          .post("/api/v1/tasks/" + id + "/stop").then().statusCode(200);
      CloudStandIn.current.fullSnapshotNext();
      publishApplied();
      assertEquals(1, runEvents(id));
      given().get("/api/v1/tasks/" + id).then().body("desiredStatus", equalTo("STOPPED"));
      assertEquals(1L, jdbc.queryOne("select count(*) from tasks where task_id = ?",
          rs -> rs.getLong(1), id).orElseThrow());
    }
  }

  @Test
  void aStopInTheObject_stopsTheTask_asTheCloudKeysOwner_andAStopBeforeItRanCancelsIt()
      throws Exception {
    String device = "cloud-task-dev-2";
    try (PahoMqttTransport t = new PahoMqttTransport(dev.backroom.hub.enrollment.TestDevices
        .enroll(device).options(mqtt.brokerUri()))) {
      t.start();
      await().atMost(WAIT).until(t::isConnected);
      t.publish(Topics.capabilities(device), new MessageCodec().encode(Topics.CAPABILITIES,
          device, 1, new Capabilities(device, "arm64", "linux", 4, 4096, 0, Map.of(), "test")),
          1, true);
      String id = newId();
      String family = "cloud-warm-" + id.substring(4, 10);
      publishApplied(task(id, family, null));
      await().atMost(WAIT).until(() -> given().get("/api/v1/tasks/" + id).statusCode() == 200);

      publishApplied(task(id, family, "migration aborted"));
      await().atMost(WAIT).until(() -> "STOPPED".equals(given().get("/api/v1/tasks/" + id)
          .then().extract().path("desiredStatus")));
      given().get("/api/v1/tasks/" + id).then().body("stoppedReason",
          equalTo("migration aborted"));
      given().get("/api/v1/events?kind=task-stopped&taskId=" + id).then()
          .body("size()", equalTo(1)).body("[0].actor", equalTo(OWNER))
          .body("[0].origin", equalTo("cloud"));

      // stopped before the store ever ran it: never runs, and the hub says so
      String early = newId();
      publishApplied(task(early, family, "not needed"));
      await().atMost(WAIT).until(() -> given().get("/api/v1/events?kind=cloud-task-cancelled"
          + "&taskId=" + early).then().extract().<List<?>>path("").size() == 1);
      given().get("/api/v1/tasks/" + early).then().statusCode(404);
    }
  }
}
