package dev.backroom.hub.sync;

import static dev.backroom.hub.auth.AuthTesting.given;
import static dev.backroom.hub.sync.CloudStandIn.upsert;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backroom.config.json.Json;
import dev.backroom.config.json.SpecHash;
import dev.backroom.config.model.TaskDefinition;
import dev.backroom.hub.auth.AuthTesting;
import dev.backroom.hub.web.Roles;
import dev.backroom.hub.core.sync.SnapshotDigest;
import dev.backroom.hub.mqtt.HubMqtt;
import dev.backroom.jdbc.Jdbc;
import dev.backroom.mqtt.Topics;
import dev.backroom.mqtt.codec.MessageCodec;
import dev.backroom.mqtt.message.Capabilities;
import dev.backroom.mqtt.transport.PahoMqttTransport;
import dev.backroom.sync.wire.ChangeOp;
import dev.backroom.sync.wire.DesiredChange;
import dev.backroom.sync.wire.DesiredKind;
import dev.backroom.sync.wire.ReportBatch;
import dev.backroom.sync.wire.ReportedAudit;
import dev.backroom.sync.wire.ReportedEvent;
import dev.backroom.sync.wire.SyncJson;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The hub with real H2 and its real sync threads against the {@link CloudStandIn}: desired state
 * comes down and converges, reports go up in order and survive failures byte-identical.
 */
@QuarkusTest
@TestProfile(CloudStandInResource.Profile.class)
class CloudSyncTest {
  private static final Duration WAIT = Duration.ofSeconds(15);

  @Inject HubMqtt mqtt;
  @Inject Jdbc jdbc;

  private static CloudStandIn cloud() {
    return CloudStandIn.current;
  }

  @org.junit.jupiter.api.AfterEach
  void everyBatchWasValid() {
    assertEquals(List.of(), cloud().invalid, "batches the real cloud would refuse");
  }

  private static DesiredChange td(String family, String image) {
    return upsert(DesiredKind.TASK_DEFINITION, family, """
        {"family":"%s","containerDefinitions":[{"name":"main","image":"%s","memory":32}]}"""
        .formatted(family, image));
  }

  private static DesiredChange svc(String name, String family, int count) {
    return upsert(DesiredKind.SERVICE, name, """
        {"serviceName":"%s","taskDefinition":"%s","desiredCount":%d}""".formatted(name, family, count));
  }

  private static DesiredChange delete(DesiredKind kind, String name) {
    return new DesiredChange(kind, name, ChangeOp.DELETE, null);
  }

  /** Publishes and waits until the hub applied and acknowledged the revision. */
  private static long publishApplied(DesiredChange... changes) {
    long rev = cloud().publish(changes);
    await().atMost(WAIT).until(() -> cloud().acked() >= rev);
    return rev;
  }

  @Test
  void incrementalChanges_areApplied_asCloudOwned_thenAcked() {
    long rev = publishApplied(td("inc-td", "backroom/busybox:1"), svc("inc-svc", "inc-td", 0));
    given().get("/api/v1/services/inc-svc").then().statusCode(200)
        .body("taskDefinition", equalTo("inc-td:1")).body("origin", equalTo("cloud"));
    given().get("/api/v1/events?kind=cloud-revision-applied").then().statusCode(200)
        .body("actor[0]", equalTo("cloud")).body("origin[0]", equalTo("cloud"));
    publishApplied(td("inc-td", "backroom/busybox:2"), svc("inc-svc", "inc-td", 2));
    given().get("/api/v1/services/inc-svc").then().statusCode(200)
        .body("taskDefinition", equalTo("inc-td:2")).body("desiredCount", equalTo(2));
    publishApplied(delete(DesiredKind.SERVICE, "inc-svc"));
    given().get("/api/v1/services/inc-svc").then().statusCode(404);
    assertTrue(given().get("/api/v1/sync").then().statusCode(200).extract()
        .<Integer>path("appliedRevision") > rev);
  }

  @Test
  void fullSnapshot_deletesCloudObjectsMissingFromIt_andKeepsLocalOnes() {
    publishApplied(td("full-td", "backroom/busybox:1"), svc("full-a", "full-td", 0));
    given().contentType("application/json").body("""
        {"serviceName":"full-local","taskDefinition":"full-td","desiredCount":0}""")
        .post("/api/v1/services").then().statusCode(201).body("origin", equalTo("local"));
    // The cloud forgets full-a (e.g. a label change), and its answer is a snapshot.
    cloud().fullSnapshotNext();
    publishApplied(delete(DesiredKind.SERVICE, "full-a"), svc("full-b", "full-td", 0));
    given().get("/api/v1/services/full-a").then().statusCode(404);
    given().get("/api/v1/services/full-b").then().statusCode(200).body("origin", equalTo("cloud"));
    given().get("/api/v1/services/full-local").then().statusCode(200).body("origin", equalTo("local"));
  }

  @Test
  void identicalSpec_registersNoRevision_startsNoDeployment_movesNoTask_andLocalHoldsSurvive()
      throws Exception {
    String device = "sync-dev-1";
    try (PahoMqttTransport t = new PahoMqttTransport(dev.backroom.hub.enrollment.TestDevices.enroll(device).options(mqtt.brokerUri()))) {
      t.start();
      await().atMost(WAIT).until(t::isConnected);
      Capabilities caps = new Capabilities(device, "arm64", "linux", 4, 4096, 0,
          Map.of("ecs.cpu-architecture", "arm64"), "test");
      t.publish(Topics.capabilities(device), new MessageCodec().encode(Topics.CAPABILITIES, device, 1, caps), 1, true);
      publishApplied(td("same-td", "backroom/busybox:1"), svc("same-svc", "same-td", 2));
      await().atMost(WAIT).until(() -> tasksOf("same-svc").size() == 2
          && given().get("/api/v1/services/same-svc/deployments").then().extract()
              .<List<?>>path("").size() == 1);
      List<String> before = tasksOf("same-svc");
      String held = before.get(0);
      // The actor is the authenticated user, whatever the body claims.
      AuthTesting.as(AuthTesting.tokenFor("clerk", Roles.OPERATOR)).contentType("application/json")
          .body("{\"actor\":\"someone-else\",\"reason\":\"inventory\"}")
          .post("/api/v1/tasks/" + held + "/hold").then().statusCode(200);

      publishApplied(td("same-td", "backroom/busybox:1"), svc("same-svc", "same-td", 2),
          td("other-td", "backroom/busybox:1"));

      given().get("/api/v1/task-definitions?family=same-td").then().statusCode(200)
          .body("size()", equalTo(1));
      given().get("/api/v1/services/same-svc/deployments").then().body("size()", equalTo(1));
      assertEquals(before, tasksOf("same-svc"));
      given().get("/api/v1/tasks/" + held).then().body("held", equalTo(true));
      await().atMost(WAIT).until(() -> cloud().accepted().stream()
          .flatMap(b -> b.events().stream())
          .anyMatch(e -> e.kind().equals("task-held") && e.origin().equals("local")
              && e.actor().equals("clerk")));
      given().contentType("application/json").body("{}")
          .post("/api/v1/tasks/" + held + "/release").then().statusCode(200);
      publishApplied(delete(DesiredKind.SERVICE, "same-svc"));
    }
  }

  @Test
  void familyThatRanHostBeforeTheUpgrade_keepsHost_untilTheCloudNamesTheMode() {
    // A cloud-owned revision as V11 leaves one stored before bridge became the default: host
    // written in and marked; the cloud's copy still names no mode.
    TaskDefinition old = Json.read("""
        {"family":"kept-td","revision":1,"containerDefinitions":[{"name":"main",
         "image":"backroom/busybox:1","memory":32}]}""", TaskDefinition.class);
    jdbc.update("insert into task_definitions (family, revision, spec, registered_at, origin,"
        + " spec_hash, network_mode_defaulted) values ('kept-td', 1, ?, ?, 'cloud', ?, true)",
        Json.write(old.withNetworkMode("host")), Instant.now(), SpecHash.of(old));

    publishApplied(td("kept-td", "backroom/busybox:1"), svc("kept-svc", "kept-td", 0),
        td("fresh-td", "backroom/busybox:1"));
    given().get("/api/v1/task-definitions?family=kept-td").then().statusCode(200)
        .body("revision", equalTo(List.of(1))).body("networkMode", equalTo(List.of("host")));
    given().get("/api/v1/services/kept-svc").then().body("taskDefinition", equalTo("kept-td:1"));
    // A family with no such revision follows the default.
    given().get("/api/v1/task-definitions/fresh-td").then().body("networkMode", equalTo("bridge"));
    String kept = given().get("/api/v1/events?kind=network-mode-kept-host").then()
        .body("size()", equalTo(1)).extract().path("[0].message");
    assertTrue(kept.contains("kept-td:1 keeps networkMode host") && kept.contains("no networkMode")
        && kept.contains("set networkMode explicitly"), kept);

    // A changed spec still naming no mode stays host, and the operator is not told again.
    publishApplied(td("kept-td", "backroom/busybox:2"), svc("kept-svc", "kept-td", 0));
    given().get("/api/v1/task-definitions?family=kept-td").then()
        .body("networkMode", equalTo(List.of("host", "host")));
    given().get("/api/v1/services/kept-svc").then().body("taskDefinition", equalTo("kept-td:2"));
    given().get("/api/v1/events?kind=network-mode-kept-host").then().body("size()", equalTo(1));

    // Naming the mode is what moves it.
    publishApplied(upsert(DesiredKind.TASK_DEFINITION, "kept-td", """
        {"family":"kept-td","networkMode":"bridge","containerDefinitions":[{"name":"main",
         "image":"backroom/busybox:2","memory":32}]}"""), svc("kept-svc", "kept-td", 0));
    given().get("/api/v1/task-definitions/kept-td:3").then().body("networkMode", equalTo("bridge"));
    given().get("/api/v1/services/kept-svc").then().body("taskDefinition", equalTo("kept-td:3"));
    publishApplied(delete(DesiredKind.SERVICE, "kept-svc"));
  }

  @Test
  void localEdit_ofCloudOwnedService_isOverwrittenAtTheNextRevision() {
    publishApplied(td("edit-td", "backroom/busybox:1"), svc("edit-svc", "edit-td", 0));
    given().contentType("application/json").body("""
        {"serviceName":"edit-svc","taskDefinition":"edit-td","desiredCount":3}""")
        .put("/api/v1/services/edit-svc").then().statusCode(200)
        .body("desiredCount", equalTo(3)).body("origin", equalTo("cloud"));
    publishApplied(td("edit-unrelated", "backroom/busybox:1"));
    given().get("/api/v1/services/edit-svc").then().body("desiredCount", equalTo(0));
  }

  @Test
  void cloudDown_hubStillWorks_andPendingBatchIsResentByteIdentical() {
    cloud().mode(CloudStandIn.Mode.DROP);
    int seen = cloud().attempts().size();
    given().contentType("application/json").body("""
        {"family":"down-td","containerDefinitions":[{"name":"main","image":"backroom/busybox:1","memory":32}]}""")
        .post("/api/v1/task-definitions").then().statusCode(201);
    given().contentType("application/json").body("""
        {"serviceName":"down-svc","taskDefinition":"down-td","desiredCount":1}""")
        .post("/api/v1/services").then().statusCode(201);
    await().atMost(WAIT).until(() -> cloud().attempts().size() >= seen + 2);
    cloud().mode(CloudStandIn.Mode.FAIL_500);
    await().atMost(WAIT).until(() -> cloud().attempts().size() >= seen + 4);
    given().get("/api/v1/sync").then().statusCode(200).body("pendingReportBatches", equalTo(1))
        .body("lastError", org.hamcrest.Matchers.notNullValue());
    given().get("/api/v1/services/down-svc").then().statusCode(200);
    CloudStandIn.Attempt first = cloud().attempts().get(seen);
    cloud().mode(CloudStandIn.Mode.NORMAL);
    await().atMost(WAIT).until(() -> cloud().accepted().stream()
        .anyMatch(b -> b.sequence() == first.sequence()));
    for (CloudStandIn.Attempt a : cloud().attempts()) {
      if (a.sequence() == first.sequence()) {
        assertArrayEquals(first.body(), a.body(), "a resent batch is byte-identical");
      }
    }
    given().delete("/api/v1/services/down-svc").then().statusCode(204);
  }

  @Test
  void lostReceipt_resendIsAcceptedAsDuplicate_andSequencesStayGapless() {
    cloud().mode(CloudStandIn.Mode.STORE_THEN_DROP);
    // A quiet store sends nothing: a local change gives the hub something to report.
    registerLocalFamily("lost-receipt-td");
    await().atMost(WAIT).until(() -> !cloud().accepted().isEmpty()
        && cloud().attempts().stream().filter(a -> a.sequence() == last(cloud().accepted())).count() >= 2);
    cloud().mode(CloudStandIn.Mode.NORMAL);
    await().atMost(WAIT).until(() -> !cloud().duplicates().isEmpty());
    long dup = cloud().duplicates().get(0);
    registerLocalFamily("after-receipt-td");
    await().atMost(WAIT).until(() -> last(cloud().accepted()) > dup);
    List<ReportBatch> accepted = cloud().accepted();
    for (int i = 0; i < accepted.size(); i++) {
      assertEquals(i + 1, accepted.get(i).sequence(), "sequences start at 1 without gaps");
    }
  }

  private static void registerLocalFamily(String family) {
    given().contentType("application/json").body("""
        {"family":"%s","containerDefinitions":[{"name":"main","image":"backroom/busybox:1","memory":32}]}"""
        .formatted(family)).post("/api/v1/task-definitions").then().statusCode(201);
  }

  @Test
  void quietStore_sendsOnlyBatchesWithNews() {
    registerLocalFamily("quiet-td");
    int from = cloud().attempts().size();
    // Several report intervals (test profile: 300 ms). Other tests' devices may still come and
    // go, which is news; what must never go up is a batch that says nothing new.
    await().pollDelay(Duration.ofMillis(2000)).atMost(WAIT).until(() -> true);
    List<CloudStandIn.Attempt> attempts = cloud().attempts();
    assertTrue(attempts.size() - from < 2000 / 300, "fewer batches than report intervals: "
        + (attempts.size() - from));
    for (int i = Math.max(1, from); i < attempts.size(); i++) {
      ReportBatch prev = SyncJson.read(attempts.get(i - 1).body(), ReportBatch.class);
      ReportBatch cur = SyncJson.read(attempts.get(i).body(), ReportBatch.class);
      boolean resend = cur.sequence() == prev.sequence();
      boolean news = !cur.events().isEmpty() || !cur.audit().isEmpty()
          || !SnapshotDigest.of(prev.devices(), prev.tasks(), prev.deployments())
              .equals(SnapshotDigest.of(cur.devices(), cur.tasks(), cur.deployments()));
      assertTrue(resend || news, "batch " + cur.sequence() + " tells the cloud nothing new");
    }
  }

  @Test
  void eventsFlowUpInOrder_eachOnce_withTheirOrigin() {
    given().contentType("application/json").body("""
        {"family":"order-td","containerDefinitions":[{"name":"main","image":"backroom/busybox:1","memory":32}]}""")
        .post("/api/v1/task-definitions").then().statusCode(201);
    long newest = given().get("/api/v1/events?limit=1").then().extract().<Number>path("eventId[0]").longValue();
    await().atMost(WAIT).until(() -> cloud().accepted().stream()
        .flatMap(b -> b.events().stream()).anyMatch(e -> e.eventId() >= newest));
    List<ReportedEvent> up = cloud().accepted().stream().flatMap(b -> b.events().stream()).toList();
    for (int i = 1; i < up.size(); i++) {
      assertTrue(up.get(i).eventId() > up.get(i - 1).eventId(), "events are reported once, in order");
    }
    assertTrue(up.stream().anyMatch(e -> e.kind().equals("task-definition-registered")
        && e.origin().equals("local")), "a local spec change is a local event");
  }

  @Test
  void auditLogFlowsUp_inOrder_eachOnce_refusedAttemptsIncluded() {
    AuthTesting.as(AuthTesting.tokenFor("audit-clerk", Roles.OPERATOR)).contentType("application/json")
        .body("""
            {"family":"audit-td","containerDefinitions":[{"name":"main","image":"backroom/busybox:1","memory":32}]}""")
        .post("/api/v1/task-definitions").then().statusCode(201);
    AuthTesting.as(AuthTesting.tokenFor("audit-viewer", Roles.VIEWER)).contentType("application/json")
        .body("{}").post("/api/v1/tasks/no-such-task/hold").then().statusCode(403);
    await().atMost(WAIT).until(() -> cloud().accepted().stream().flatMap(b -> b.audit().stream())
        .anyMatch(a -> a.actor().equals("audit-viewer")));
    List<ReportedAudit> up = cloud().accepted().stream().flatMap(b -> b.audit().stream()).toList();
    for (int i = 1; i < up.size(); i++) {
      assertTrue(up.get(i).auditId() > up.get(i - 1).auditId(), "audit entries go up once, in order");
    }
    ReportedAudit registered = up.stream().filter(a -> a.actor().equals("audit-clerk")).findFirst()
        .orElseThrow();
    assertEquals("POST", registered.method());
    assertEquals("/api/v1/task-definitions", registered.path());
    assertEquals(201, registered.status());
    assertEquals("operator", registered.role());
    ReportedAudit refused = up.stream().filter(a -> a.actor().equals("audit-viewer")).findFirst()
        .orElseThrow();
    assertEquals(403, refused.status());
    assertEquals("/api/v1/tasks/no-such-task/hold", refused.path());
    assertTrue(registered.auditId() < refused.auditId());
  }

  @Test
  void statusEndpoint_showsEnrolment_neverTheCredential_andBytesAreCounted() {
    await().atMost(WAIT).until(() -> !cloud().accepted().isEmpty());
    String body = given().get("/api/v1/sync").then().statusCode(200)
        .body("enrolled", equalTo(true)).body("storeId", equalTo(CloudStandInResource.STORE))
        .body("cloudUrl", equalTo(cloud().url().toString())).extract().asString();
    assertFalse(body.contains(cloud().credential), "the credential never leaves the hub");
    String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
    assertTrue(metrics.contains("backroom_sync_bytes_total{channel=\"reports\",direction=\"up\"}"), metrics);
    assertTrue(metrics.contains("backroom_sync_bytes_total{channel=\"desired\",direction=\"down\"}"));
    assertTrue(metrics.contains("backroom_sync_applied_revision"));
  }

  @Test
  void refusedCredential_isReportedClearly_andSyncRecovers() {
    cloud().mode(CloudStandIn.Mode.REFUSE_CREDENTIAL);
    await().atMost(WAIT).until(() -> String.valueOf(given().get("/api/v1/sync").then().extract()
        .<String>path("lastError")).contains("401"));
    cloud().mode(CloudStandIn.Mode.NORMAL);
    publishApplied(td("after-refusal", "backroom/busybox:1"));
  }

  private static long last(List<ReportBatch> batches) {
    return batches.isEmpty() ? 0 : batches.get(batches.size() - 1).sequence();
  }

  private static List<String> tasksOf(String service) {
    return given().get("/api/v1/tasks?serviceName=" + service).then().statusCode(200)
        .extract().<List<String>>path("taskId").stream().sorted().toList();
  }
}
