package dev.backroom.sync.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SyncJsonTest {
  private static final Instant T = Instant.parse("2026-11-22T03:20:14.123Z");
  private static final JsonNode SPEC = JsonNodeFactory.instance.objectNode().put("family", "web");

  static Stream<Object> records() {
    return Stream.of(
        new EnrollRequest("act-1", "ABCDEFGHJKMNPQRSTUVW", "hub-a"),
        new EnrollResponse("S1", "brs1.S1.x", "http://127.0.0.1:8081"),
        new ErrorBody(ErrorCodes.ACTIVATION_INVALID, "no such activation"),
        SequenceGapBody.of(4, 9),
        new RevisionAck(17),
        new BatchReceipt(3, true),
        new DesiredChanges("S1", 5, false, List.of(
            new DesiredChange(DesiredKind.TASK_DEFINITION, "web", ChangeOp.UPSERT, SPEC),
            new DesiredChange(DesiredKind.SERVICE, "old", ChangeOp.DELETE, null),
            new DesiredChange(DesiredKind.SERVICE, "web", ChangeOp.UPSERT, SPEC, 3))),
        new ReportBatch(2, T, List.of(SPEC), List.of(), List.of(SPEC), List.of(
            new ReportedEvent(41, T, "task-held", "alice", "local", "web", "t-1", "d-1", null,
                "maintenance", "held by alice"))),
        new ReportBatch(3, T, List.of(), List.of(), List.of(), List.of(), List.of(
            new ReportedAudit(12, T, "clerk", "operator", "bearer", "POST",
                "/api/v1/tasks/t-1/hold", "tasks/t-1/hold", "10.0.0.7", 200),
            new ReportedAudit(13, T, "anonymous", null, "none", "POST", "/api/v1/login", "login",
                null, 401))),
        new TelemetryBatch(1, List.of(new TelemetryMessage("temp", 1, T, "{\"c\":4}", null),
            new TelemetryMessage("cam", 7, T, null, "AAEC")),
            List.of(new DropCount("temp", "overflow", 3))));
  }

  @ParameterizedTest
  @MethodSource("records")
  void everyWireRecord_roundTripsUnchanged(Object value) {
    byte[] bytes = SyncJson.write(value);
    assertEquals(value, SyncJson.read(bytes, value.getClass()));
  }

  @Test
  void instants_areIsoText_andNullsAreLeftOut() {
    String json = new String(SyncJson.write(new TelemetryMessage("s", 1, T, "x", null)),
        StandardCharsets.UTF_8);
    assertEquals("{\"stream\":\"s\",\"seq\":1,\"ts\":\"2026-11-22T03:20:14.123Z\",\"payload\":\"x\"}",
        json);
  }

  @Test
  void redeployCount_isLeftOutUnlessForced() {
    String plain = new String(SyncJson.write(new DesiredChange(DesiredKind.SERVICE, "web",
        ChangeOp.UPSERT, SPEC)), StandardCharsets.UTF_8);
    assertTrue(!plain.contains("redeploys"), plain);
    String forced = new String(SyncJson.write(new DesiredChange(DesiredKind.SERVICE, "web",
        ChangeOp.UPSERT, SPEC, 2)), StandardCharsets.UTF_8);
    assertTrue(forced.contains("\"redeploys\":2"), forced);
    DesiredChange read = SyncJson.read("{\"kind\":\"SERVICE\",\"name\":\"web\",\"op\":\"UPSERT\"}"
        .getBytes(StandardCharsets.UTF_8), DesiredChange.class);
    assertEquals(0, read.redeploysOrZero(), "a cloud from before counts were sent sends none");
  }

  @Test
  void missingLists_becomeEmptyLists() {
    ReportBatch b = SyncJson.read("{\"sequence\":1}".getBytes(StandardCharsets.UTF_8),
        ReportBatch.class);
    assertEquals(List.of(), b.devices());
    assertEquals(List.of(), b.events());
    assertEquals(List.of(), b.audit(), "a hub from before audit was reported sends none");
  }

  record Bad(String name, String body, Class<?> type, String path, String reasonPart) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Bad> badBodies() {
    return Stream.of(
        new Bad("empty body", "", ReportBatch.class, "$", "empty"),
        new Bad("literal null", "null", ReportBatch.class, "$", "null"),
        new Bad("not JSON", "{sequence:", ReportBatch.class, "$", "not valid JSON"),
        new Bad("trailing garbage", "{\"sequence\":1} x", ReportBatch.class, "$", "not valid JSON"),
        new Bad("text where a number belongs", "{\"sequence\":\"one\"}", ReportBatch.class,
            "sequence", "long"),
        new Bad("bad instant deep inside", "{\"sequence\":1,\"events\":[{},{\"at\":\"yesterday\"}]}",
            ReportBatch.class, "events[1].at", "Instant"),
        new Bad("unknown enum", "{\"changes\":[{\"kind\":\"POD\"}]}", DesiredChanges.class,
            "changes[0].kind", "POD"),
        new Bad("array instead of object", "[]", RevisionAck.class, "$", "RevisionAck"));
  }

  @ParameterizedTest
  @MethodSource("badBodies")
  void badBody_isRefusedWithPathAndReason(Bad c) {
    WireFormatException e = assertThrows(WireFormatException.class,
        () -> SyncJson.read(c.body().getBytes(StandardCharsets.UTF_8), c.type()));
    assertEquals(c.path(), e.path());
    assertTrue(e.reason().contains(c.reasonPart()), e.reason());
  }
}
