package dev.backroom.ecs.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backroom.ecs.keys.AccessKeyGrant;
import dev.backroom.ecs.keys.AccessKeyStatus;
import dev.backroom.ecs.sigv4.SecretLookup;
import dev.backroom.ecs.sigv4.SigV4Request;
import dev.backroom.ecs.sigv4.SigV4Signing;
import dev.backroom.ecs.wire.EcsDispatcher;
import dev.backroom.ecs.wire.EcsJson;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The path of one request, with requests signed by the AWS SDK's own signer. */
class EcsGatewayTest {
  static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");
  static final AccessKeyGrant KEY = new AccessKeyGrant("BKRMAAAAAAAAAAAAAAAA", "s".repeat(40),
      null, "operator", AccessKeyStatus.ACTIVE);

  final AtomicInteger writes = new AtomicInteger();
  final EcsDispatcher<String> dispatcher = EcsDispatcher.<String>builder()
      .read("ListClusters", Set.of(), (r, c) -> EcsJson.mapper().createObjectNode())
      .write("RunTask", Set.of("taskDefinition", "clientToken"), (r, c) -> {
        writes.incrementAndGet();
        return EcsJson.mapper().createObjectNode();
      })
      .build();
  final SecretLookup<AccessKeyGrant> secrets = id -> id.equals(KEY.accessKeyId())
      ? Optional.of(new SecretLookup.AccessSecret<>(KEY.secretAccessKey(), KEY)) : Optional.empty();

  EcsGateway<String> gateway(int burst) {
    return new EcsGateway<>(secrets, 1, burst, dispatcher, AccessKeyGrant::owner, c -> c);
  }

  static SigV4Request signed(String operation, String body, String secret) {
    return SigV4Signing.sign(operation, body.getBytes(StandardCharsets.UTF_8), KEY.accessKeyId(),
        secret, NOW);
  }

  @Test
  void aSignedRead_isAnswered_byTheKeysCaller() {
    EcsGateway.Outcome<String> o = gateway(10).answer(signed("ListClusters", "{}", KEY.secretAccessKey()), NOW);
    assertEquals(200, o.response().status());
    assertEquals(Optional.of("pipeline:" + KEY.accessKeyId()), o.caller());
    assertEquals("ListClusters", o.operation());
    assertFalse(o.write());
  }

  @Test
  void aWrongSecret_isRefusedBeforeAnyCallerIsKnown() {
    EcsGateway.Outcome<String> o = gateway(10).answer(signed("RunTask", "{}", "x".repeat(40)), NOW);
    assertEquals("InvalidSignatureException", o.errorType());
    assertTrue(o.caller().isEmpty());
    assertTrue(o.write());
    assertEquals(0, writes.get());
  }

  @Test
  void aWriteSentTwice_isRefusedTheSecondTime_unlessItCarriesAClientToken() {
    EcsGateway<String> g = gateway(10);
    SigV4Request write = signed("RunTask", "{\"taskDefinition\":\"job\"}", KEY.secretAccessKey());
    assertEquals(200, g.answer(write, NOW).response().status());
    assertEquals("InvalidSignatureException", g.answer(write, NOW).errorType());
    SigV4Request token = signed("RunTask", "{\"taskDefinition\":\"job\",\"clientToken\":\"t1\"}",
        KEY.secretAccessKey());
    assertEquals(200, g.answer(token, NOW).response().status());
    assertEquals(200, g.answer(token, NOW).response().status());
    assertEquals(3, writes.get());
  }

  @Test
  void overTheKeysRate_isThrottled_withTheCallerKnown() {
    EcsGateway<String> g = gateway(2);
    SigV4Request read = signed("ListClusters", "{}", KEY.secretAccessKey());
    g.answer(read, NOW);
    g.answer(read, NOW);
    EcsGateway.Outcome<String> o = g.answer(read, NOW);
    assertEquals("ThrottlingException", o.errorType());
    assertTrue(o.caller().isPresent());
  }

  @Test
  void anOperationNotServed_isNamedAsUnknown() {
    EcsGateway.Outcome<String> o = gateway(10).answer(signed("DeleteCluster", "{}", KEY.secretAccessKey()), NOW);
    assertEquals("UnknownOperationException", o.errorType());
    assertEquals("?", o.operation());
  }
}
