package dev.backroom.hub.sync;

import static dev.backroom.hub.auth.AuthTesting.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backroom.hub.enrollment.TestDevices;
import dev.backroom.hub.mqtt.HubMqtt;
import dev.backroom.jdbc.Jdbc;
import dev.backroom.mqtt.Topics;
import dev.backroom.mqtt.codec.MessageCodec;
import dev.backroom.mqtt.message.Capabilities;
import dev.backroom.mqtt.transport.PahoMqttTransport;
import dev.backroom.sync.wire.ChangeOp;
import dev.backroom.sync.wire.DesiredChange;
import dev.backroom.sync.wire.DesiredKind;
import dev.backroom.sync.wire.SyncJson;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A cloud's forced redeploy (the SERVICE change's {@code redeploys} count) on a real hub with
 * real H2 and its sync threads against the {@link CloudStandIn}: a growing count redeploys the
 * service once, a repeated change and a full snapshot with the same count do not.
 */
@QuarkusTest
@TestProfile(CloudStandInResource.Profile.class)
class CloudRedeployTest {
  private static final Duration WAIT = Duration.ofSeconds(15);

  @Inject HubMqtt mqtt;
  @Inject Jdbc jdbc;

  private static CloudStandIn cloud() {
    return CloudStandIn.current;
  }

  @Test
  void growingCount_redeploysOnce_andARepeatOrAResyncDoesNot() throws Exception {
    String device = "redeploy-dev-1";
    try (PahoMqttTransport t = new PahoMqttTransport(TestDevices.enroll(device)
        .options(mqtt.brokerUri()))) {
      t.start();
      await().atMost(WAIT).until(t::isConnected);
      Capabilities caps = new Capabilities(device, "arm64", "linux", 4, 4096, 0,
          Map.of("ecs.cpu-architecture", "arm64"), "test");
      t.publish(Topics.capabilities(device), new MessageCodec().encode(Topics.CAPABILITIES,
          device, 1, caps), 1, true);

      publishApplied(td("rd-td"), svc("rd-svc", null));
      await().atMost(WAIT).until(() -> deployments("rd-svc") == 1);
      assertEquals(0, hubRedeploys("rd-svc"));
      assertEquals(Optional.of(0), kept("rd-svc"));

      // the cloud forces a new deployment: same spec, count 1
      publishApplied(svc("rd-svc", 1));
      assertEquals(1, hubRedeploys("rd-svc"));
      assertEquals(Optional.of(1), kept("rd-svc"));
      await().atMost(WAIT).until(() -> deployments("rd-svc") == 2);
      assertEquals(1, forcedEvents());

      // the same change again, then a full snapshot (the hub resyncing): nothing more
      publishApplied(svc("rd-svc", 1));
      cloud().fullSnapshotNext();
      publishApplied(td("rd-other"));
      assertEquals(1, hubRedeploys("rd-svc"));
      // The count salts the hash the service's tasks carry: unchanged, no pass can start a
      // deployment; and no redeploy was recorded.
      assertEquals(1, forcedEvents());
      assertEquals(2, deployments("rd-svc"));

      // a count that jumped (the hub missed a force) redeploys once
      publishApplied(svc("rd-svc", 3));
      assertEquals(2, hubRedeploys("rd-svc"));
      assertEquals(Optional.of(3), kept("rd-svc"));
      assertEquals(2, forcedEvents(), "one event per redeploy");

      // gone from the cloud: the count is forgotten with it
      publishApplied(new DesiredChange(DesiredKind.SERVICE, "rd-svc", ChangeOp.DELETE, null));
      assertEquals(Optional.empty(), kept("rd-svc"));
    }
  }

  @Test
  void serviceNewToTheHub_withACount_isCreated_notRedeployed() {
    publishApplied(td("rd-new-td"), svc("rd-new", 4, "rd-new-td"));
    given().get("/api/v1/services/rd-new").then().statusCode(200);
    assertEquals(0, hubRedeploys("rd-new"));
    assertEquals(Optional.of(4), kept("rd-new"));
    publishApplied(new DesiredChange(DesiredKind.SERVICE, "rd-new", ChangeOp.DELETE, null));
  }

  private static long publishApplied(DesiredChange... changes) {
    long rev = cloud().publish(changes);
    await().atMost(WAIT).until(() -> cloud().acked() >= rev);
    return rev;
  }

  private static DesiredChange td(String family) {
    return new DesiredChange(DesiredKind.TASK_DEFINITION, family, ChangeOp.UPSERT, json("""
        {"family":"%s","containerDefinitions":[{"name":"main","image":"backroom/busybox:1",
         "memory":32}]}""".formatted(family)));
  }

  private static DesiredChange svc(String name, Integer redeploys) {
    return svc(name, redeploys, "rd-td");
  }

  private static DesiredChange svc(String name, Integer redeploys, String family) {
    return new DesiredChange(DesiredKind.SERVICE, name, ChangeOp.UPSERT, json("""
        {"serviceName":"%s","taskDefinition":"%s","desiredCount":1}""".formatted(name, family)),
        redeploys);
  }

  private static JsonNode json(String text) {
    return SyncJson.read(text.getBytes(), JsonNode.class);
  }

  private int hubRedeploys(String service) {
    return jdbc.queryOne("select redeploys from services where service_name = ?",
        rs -> rs.getInt(1), service).orElseThrow(() -> new AssertionError("no " + service));
  }

  private Optional<Integer> kept(String service) {
    return jdbc.queryOne("select redeploys from sync_cloud_redeploys where service_name = ?",
        rs -> rs.getInt(1), service);
  }

  private static long forcedEvents() {
    List<String> messages = given().get("/api/v1/events?kind=service-updated").then()
        .statusCode(200).extract().path("message");
    return messages.stream().filter(m -> m.contains("service rd-svc ")
        && m.contains("new deployment forced")).count();
  }

  private static int deployments(String service) {
    return given().get("/api/v1/services/" + service + "/deployments").then().statusCode(200)
        .extract().<List<?>>path("").size();
  }
}
