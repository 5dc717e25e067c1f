package dev.backroom.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backroom.harness.CloudApi;
import dev.backroom.harness.CloudProcess;
import dev.backroom.harness.Command;
import dev.backroom.harness.Enrollment;
import dev.backroom.harness.HubApi;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Tenant isolation and enrolment refusals against the real cloud process: two stores enrolled
 * with the real enrolment tool; store A's credential, forged or not, reaches none of B's data on
 * any store path, nor the operator API; wrong, unknown, expired and used-up activations are
 * refused with the contract's codes and messages, also through {@code ./backroom hub enroll}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TenantIsolationIT {
  final String run = UUID.randomUUID().toString().substring(0, 6);
  final String storeA = "tenant-a-" + run;
  final String storeB = "tenant-b-" + run;
  Path dir;
  CloudProcess cloud;
  Enrollment.Identity a;
  Enrollment.Identity b;

  @BeforeAll
  void start() {
    dir = SyncSupport.runDir("tenants-" + run);
    cloud = CloudProcess.start(dir.resolve("cloud"), CloudProcess.Db.h2());
    cloud.createStore(storeA, Map.of("region", "eu"));
    cloud.createStore(storeB, Map.of("region", "eu"));
    a = Enrollment.enroll(cloud, cloud.url(), storeA, dir.resolve("hub-a"));
    b = Enrollment.enroll(cloud, cloud.url(), storeB, dir.resolve("hub-b"));
    assertEquals(storeA, a.storeId());
    assertTrue(a.credential().startsWith("brs1." + storeA + "."), "credential format brs1.<store>.<secret>");
    cloud.putTaskDefinition("only-b", "store.id=" + storeB, StoreEndToEnd.taskDefinition("only-b", "b"));
    cloud.putTaskDefinition("only-a", "store.id=" + storeA, StoreEndToEnd.taskDefinition("only-a", "a"));
  }

  @AfterAll
  void stop() {
    if (cloud != null) {
      cloud.stop();
    }
  }

  @Test
  void identityFile_isPrivateToItsOwner() throws IOException {
    Path f = Enrollment.identityFile(dir.resolve("hub-a"));
    assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
        Files.getPosixFilePermissions(f)));
  }

  @Test
  void ownCredential_seesOnlyItsOwnDesiredState_whateverTheRequestSays() {
    CloudApi asA = new CloudApi(cloud.url(), a.credential());
    for (String path : List.of("/sync/v1/desired?since=0&wait=0",
        "/sync/v1/desired?since=0&wait=0&storeId=" + storeB,
        "/sync/v1/desired?since=0&wait=0&store=" + storeB)) {
      JsonNode d = asA.get(path).expect(200).json();
      assertEquals(storeA, d.get("storeId").asText(), path);
      String names = d.get("changes").toString();
      assertTrue(names.contains("only-a"), names);
      assertFalse(names.contains("only-b"), "store B's object leaked to A via " + path);
    }
    JsonNode viaHeader = asA.send("GET", "/sync/v1/desired?since=0&wait=0", null,
        Map.of("X-Store-Id", storeB)).expect(200).json();
    assertEquals(storeA, viaHeader.get("storeId").asText());
  }

  @Test
  void reportClaimingAnotherStore_isFiledUnderTheCredentialsStore() {
    long bBefore = cloud.store(storeB).path("reportSequence").asLong();
    CloudApi asA = new CloudApi(cloud.url(), a.credential());
    JsonNode receipt = asA.post("/sync/v1/reports", """
        {"storeId":"%s","sequence":1,"sentAt":"%s","devices":[],"tasks":[],"deployments":[],
         "events":[]}""".formatted(storeB, Instant.now())).expect(200).json();
    assertEquals(1, receipt.get("acceptedSequence").asLong());
    assertEquals(1, cloud.store(storeA).get("reportSequence").asLong());
    assertEquals(bBefore, cloud.store(storeB).path("reportSequence").asLong(), "B untouched");
  }

  @Test
  void forgedOrMissingCredentials_areRefusedOnEveryStorePath() throws IOException {
    String secretA = a.credential().substring(("brs1." + storeA + ".").length());
    String secretB = b.credential().substring(("brs1." + storeB + ".").length());
    List<String> forged = List.of(
        "brs1." + storeB + "." + secretA,   // A's secret, B's id: the classic confused deputy
        "brs1." + storeA + "." + secretB,   // B's secret presented for A
        "brs1." + storeB + ".",             // no secret at all
        "brs1." + storeB,
        storeB,
        "brs1." + storeB + "." + secretA + "x",
        "garbage");
    byte[] telemetry = gzip("""
        {"sequence":1,"messages":[{"stream":"s","seq":1,"ts":"%s","payload":"x"}],"dropped":[]}
        """.formatted(Instant.now()));
    String report = "{\"sequence\":1,\"sentAt\":\"" + Instant.now()
        + "\",\"devices\":[],\"tasks\":[],\"deployments\":[],\"events\":[]}";
    for (String token : forged) {
      assertRefused(token, "GET", "/sync/v1/desired?since=0&wait=0", null, Map.of());
      assertRefused(token, "POST", "/sync/v1/desired/ack", "{\"revision\":1}".getBytes(StandardCharsets.UTF_8),
          Map.of("Content-Type", "application/json"));
      assertRefused(token, "POST", "/sync/v1/reports", report.getBytes(StandardCharsets.UTF_8),
          Map.of("Content-Type", "application/json"));
      assertRefused(token, "POST", "/sync/v1/telemetry", telemetry,
          Map.of("Content-Type", "application/json", "Content-Encoding", "gzip"));
    }
    assertRefused(null, "GET", "/sync/v1/desired?since=0&wait=0", null, Map.of());
    assertRefused(null, "POST", "/sync/v1/reports", report.getBytes(StandardCharsets.UTF_8),
        Map.of("Content-Type", "application/json"));
    JsonNode bStore = cloud.store(storeB);
    assertEquals(0, bStore.path("appliedRevision").asLong(), "no forged ack reached B: " + bStore);
    assertEquals(0, bStore.path("telemetrySequence").asLong(), "no forged telemetry reached B: " + bStore);
  }

  @Test
  void storeCredential_isNotAnOperator() {
    CloudApi asA = new CloudApi(cloud.url(), a.credential());
    for (String path : List.of("/api/v1/stores", "/api/v1/stores/" + storeB,
        "/api/v1/stores/" + storeB + "/desired", "/api/v1/stores/" + storeB + "/reports",
        "/api/v1/stores/" + storeB + "/telemetry/s?after=0&limit=10", "/api/v1/desired")) {
      int status = asA.get(path).status();
      assertTrue(status == 401 || status == 403, "GET " + path + " with a store credential: " + status);
    }
    int put = asA.put("/api/v1/desired/services/evil", "{\"selector\":\"store.id=" + storeB
        + "\",\"spec\":" + SyncSupport.serviceSpec("evil", "only-b", 1) + "}").status();
    assertTrue(put == 401 || put == 403, "PUT desired with a store credential: " + put);
    assertTrue(new CloudApi(cloud.url(), null).get("/api/v1/stores").status() == 401);
  }

  @Test
  void wrongAndUnknownActivation_refusedAsInvalid_andTheActivationStillWorks() {
    String store = "tenant-c-" + run;
    cloud.createStore(store, Map.of());
    CloudProcess.Activation act = cloud.createActivation(store, 600, 1);
    HubApi.Reply wrong = enroll(act.activationId(), "WRONGCODE2345WRONG23");
    assertError(wrong, 401, "activation_invalid", "activation code is wrong");
    assertError(enroll("act-0000000000000000", act.activationCode()), 401, "activation_invalid",
        "no such activation");

    Command.Result viaScript = Enrollment.withScript(cloud.url(), act.activationId(),
        "WRONGCODE2345WRONG23", dir.resolve("hub-c")).expectExit(2);
    assertTrue(viaScript.stderr().contains("activation code is wrong"), viaScript.stderr());
    assertFalse(Files.exists(Enrollment.identityFile(dir.resolve("hub-c"))), "no identity on refusal");

    Enrollment.withScript(cloud.url(), act.activationId(), act.activationCode(), dir.resolve("hub-c"))
        .expectExit(0);
    assertEquals(store, Enrollment.readIdentity(dir.resolve("hub-c")).storeId());
    assertError(enroll(act.activationId(), act.activationCode()), 410, "activation_used_up", null);
  }

  @Test
  void expiredActivation_refusedWithItsExpiry() {
    String store = "tenant-d-" + run;
    cloud.createStore(store, Map.of());
    CloudProcess.Activation act = cloud.createActivation(store, 1, 1);
    Instant expiresAt = Instant.parse(act.expiresAt());
    await().atMost(Duration.ofSeconds(5)).until(() -> Instant.now().isAfter(expiresAt.plusMillis(200)));
    assertError(enroll(act.activationId(), act.activationCode()), 410, "activation_expired",
        "activation " + act.activationId() + " expired at");
    Command.Result viaScript = Enrollment.withScript(cloud.url(), act.activationId(),
        act.activationCode(), dir.resolve("hub-d")).expectExit(2);
    assertTrue(viaScript.stderr().contains("activation " + act.activationId() + " expired at"),
        viaScript.stderr());
  }

  HubApi.Reply enroll(String id, String code) {
    return new CloudApi(cloud.url(), null).post("/sync/v1/enroll",
        "{\"activationId\":\"" + id + "\",\"activationCode\":\"" + code + "\",\"hubName\":\"t\"}");
  }

  static void assertError(HubApi.Reply r, int status, String code, String messagePart) {
    assertEquals(status, r.status(), r.body());
    JsonNode e = r.json();
    assertEquals(code, e.path("error").asText(), r.body());
    if (messagePart != null) {
      assertTrue(e.path("message").asText().contains(messagePart), r.body());
    }
  }

  void assertRefused(String token, String method, String path, byte[] body, Map<String, String> headers) {
    HubApi.Reply r = new CloudApi(cloud.url(), token).send(method, path, body, headers);
    assertTrue(r.status() == 401 || r.status() == 403,
        method + " " + path + " with token '" + token + "' answered " + r.status() + ": " + r.body());
  }

  static byte[] gzip(String s) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
      gz.write(s.getBytes(StandardCharsets.UTF_8));
    }
    return bytes.toByteArray();
  }
}
