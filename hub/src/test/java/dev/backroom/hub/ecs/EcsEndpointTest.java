package dev.backroom.hub.ecs;

import static dev.backroom.hub.ecs.EcsTesting.call;
import static dev.backroom.hub.ecs.EcsTesting.cli;
import static dev.backroom.hub.ecs.EcsTesting.key;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backroom.hub.audit.AuditEntry;
import dev.backroom.hub.audit.AuditLog;
import dev.backroom.hub.ecs.EcsTesting.Answer;
import dev.backroom.hub.ecs.EcsTesting.CliResult;
import dev.backroom.hub.ecs.EcsTesting.Key;
import dev.backroom.hub.web.Roles;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The {@code /ecs} endpoint's protocol and authentication on the app: the real AWS CLI for what
 * a pipeline does, requests signed by the AWS SDK's signer for what the CLI will not send.
 */
@QuarkusTest
class EcsEndpointTest {
  @Inject AuditLog audit;

  @Test
  void theCli_listsAndDescribesTheStoreCluster() {
    Key k = key(Roles.VIEWER);
    CliResult list = cli(k, "list-clusters");
    assertEquals(0, list.exit(), list.err());
    assertEquals("arn:aws:ecs:us-east-1:000000000000:cluster/default",
        list.json().at("/clusterArns/0").asText());
    CliResult described = cli(k, "describe-clusters", "--clusters", "default", "elsewhere");
    assertEquals(0, described.exit(), described.err());
    assertEquals("ACTIVE", described.json().at("/clusters/0/status").asText());
    assertEquals("default", described.json().at("/clusters/0/clusterName").asText());
    assertEquals("elsewhere", described.json().at("/failures/0/arn").asText());
    assertEquals("MISSING", described.json().at("/failures/0/reason").asText());
  }

  @Test
  void everyAnswerCarriesARequestId_andTheProtocolsContentType() {
    Answer a = call(key(Roles.VIEWER), "ListClusters", "{}");
    assertEquals(200, a.status(), a.body());
    assertEquals("application/x-amz-json-1.1", a.header("Content-Type"));
    assertNotNull(a.header("x-amzn-RequestId"));
    Answer refused = call(new Key("BKRMAAAAAAAAAAAAAAAA", "x".repeat(40)), "ListClusters", "{}");
    assertNotNull(refused.header("x-amzn-RequestId"));
    assertNotEquals(a.header("x-amzn-RequestId"), refused.header("x-amzn-RequestId"));
  }

  @Test
  void aWrongSecret_isAnInvalidSignature() {
    Key k = key(Roles.VIEWER);
    Answer a = call(new Key(k.id(), "w" + k.secret().substring(1)), "ListClusters", "{}");
    assertRefused(a, 400, "InvalidSignatureException");
    CliResult viaCli = cli(new Key(k.id(), "w" + k.secret().substring(1)), "list-clusters");
    // 254 from CLI v2, 255 from v1: either way a server refusal, not the CLI's own (252)
    assertTrue(viaCli.exit() == 254 || viaCli.exit() == 255, "exit " + viaCli.exit());
    assertTrue(viaCli.err().contains("InvalidSignatureException"), viaCli.err());
  }

  @Test
  void anUnknownKey_isUnrecognized() {
    assertRefused(call(new Key("BKRMAAAAAAAAAAAAAAAA", "s".repeat(40)), "ListClusters", "{}"),
        400, "UnrecognizedClientException");
  }

  @Test
  void aClockSkewOverFiveMinutes_isRefused_eitherWay() {
    Key k = key(Roles.VIEWER);
    assertRefused(call(k, "ListClusters", "{}", Instant.now().minusSeconds(6 * 60)), 400,
        "InvalidSignatureException");
    assertRefused(call(k, "ListClusters", "{}", Instant.now().plusSeconds(6 * 60)), 400,
        "InvalidSignatureException");
    assertEquals(200, call(k, "ListClusters", "{}", Instant.now().minusSeconds(4 * 60)).status());
  }

  @Test
  void noSignatureAtAll_isMissingAuthentication() {
    Answer a = EcsTesting.send(HttpRequest.newBuilder(java.net.URI.create(EcsTesting.endpoint()))
        .header("Content-Type", "application/x-amz-json-1.1")
        .header("X-Amz-Target", EcsTesting.TARGET + "ListClusters")
        .POST(HttpRequest.BodyPublishers.ofString("{}")).build());
    assertRefused(a, 400, "MissingAuthenticationTokenException");
  }

  @Test
  void aViewerKeyCallingAWrite_isAccessDenied_andAudited() {
    Key k = key(Roles.VIEWER);
    Answer a = call(k, "DeleteService", "{\"service\":\"web\"}");
    assertRefused(a, 400, "AccessDeniedException");
    assertTrue(a.json().path("message").asText().contains("DeleteService"), a.body());
    // The audit entry is queued once the answer is sent and written by the audit thread.
    List<AuditEntry> entries = await().atMost(Duration.ofSeconds(10)).until(() -> {
      audit.flush();
      return audit.list(null, null, 500).stream()
          .filter(e -> e.target() != null && e.target().contains("key:" + k.id())).toList();
    }, l -> !l.isEmpty());
    assertEquals(1, entries.size(), entries.toString());
    assertEquals("pipeline:" + k.id(), entries.get(0).actor());
    assertEquals("sigv4", entries.get(0).authMethod());
    assertEquals("AccessDeniedException", entries.get(0).error());
  }

  @Test
  void successfulReadsStayOutOfTheAuditLog() {
    Key k = key(Roles.VIEWER);
    assertEquals(200, call(k, "ListClusters", "{}").status());
    assertTrue(audit.list(null, null, 500).stream()
        .noneMatch(e -> e.target() != null && e.target().contains("key:" + k.id())));
  }

  @Test
  void anUnknownOperation_namesWhatIsServed() {
    Answer a = call(key(Roles.VIEWER), "CreateCluster", "{}");
    assertRefused(a, 400, "UnknownOperationException");
    assertTrue(a.json().path("message").asText().contains("ListClusters"), a.body());
    assertRefused(call(key(Roles.VIEWER), "NoSuchThing", "{}"), 400, "UnknownOperationException");
  }

  @Test
  void malformedJson_isASerializationException() {
    assertRefused(call(key(Roles.VIEWER), "ListClusters", "{\"maxResults\": "), 400,
        "SerializationException");
  }

  @Test
  void anUnknownMember_isRefusedByName() {
    Answer a = call(key(Roles.VIEWER), "ListClusters", "{\"maxResult\": 5}");
    assertRefused(a, 400, "InvalidParameterException");
    assertTrue(a.json().path("message").asText().contains("\"maxResult\""), a.body());
  }

  @Test
  void aReplayedWrite_isRefused() {
    Key k = key(Roles.OPERATOR);
    HttpRequest signed = EcsTesting.sign(k, EcsTesting.TARGET + "DeleteService",
        "{\"service\":\"no-such-service\"}".getBytes(StandardCharsets.UTF_8), Instant.now());
    Answer first = EcsTesting.send(signed);
    assertNotEquals("InvalidSignatureException", first.type(), first.body());
    Answer again = EcsTesting.send(signed);
    assertRefused(again, 400, "InvalidSignatureException");
    assertTrue(again.json().path("message").asText().contains("already used"), again.body());
  }

  @Test
  void anOversizedBody_isRefusedInEcsShape() {
    Key k = key(Roles.VIEWER);
    byte[] big = ("{\"nextToken\":\"" + "a".repeat(2 * 1024 * 1024) + "\"}")
        .getBytes(StandardCharsets.UTF_8);
    Answer a = EcsTesting.send(EcsTesting.sign(k, EcsTesting.TARGET + "ListClusters", big,
        Instant.now()));
    assertEquals(413, a.status(), a.body());
    assertEquals("ClientException", a.type(), a.body());
    assertEquals("ClientException", a.header("x-amzn-ErrorType"));
  }

  @Test
  void overTheRate_isThrottled() {
    Key k = key(Roles.VIEWER);
    Answer last = null;
    for (int i = 0; i < 200 && (last == null || last.status() == 200); i++) {
      last = call(k, "ListClusters", "{}");
    }
    assertRefused(last, 400, "ThrottlingException");
  }

  static void assertRefused(Answer a, int status, String shape) {
    assertEquals(status, a.status(), a.body());
    assertEquals(shape, a.type(), a.body());
    assertEquals(shape, a.header("x-amzn-ErrorType"), a.body());
    assertNotNull(a.header("x-amzn-RequestId"));
  }
}
