package dev.backroom.sync.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.backroom.config.validate.Violation;
import dev.backroom.sync.wire.DropCount;
import dev.backroom.sync.wire.ReportBatch;
import dev.backroom.sync.wire.ReportedAudit;
import dev.backroom.sync.wire.ReportedEvent;
import dev.backroom.sync.wire.TelemetryBatch;
import dev.backroom.sync.wire.TelemetryMessage;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class BatchValidatorTest {
  private static final Instant T = Instant.parse("2026-11-22T10:00:00Z");

  private static ReportedEvent event(long id, Instant at, String kind, String origin) {
    return new ReportedEvent(id, at, kind, "alice", origin, "web", null, null, null, "r", "m");
  }

  private static ReportedAudit audit(long id, Instant at, String method, String path, int status) {
    return new ReportedAudit(id, at, "clerk", "operator", "bearer", method, path, "tasks/t-1/hold",
        "127.0.0.1", status);
  }

  private static TelemetryMessage msg(String stream, long seq) {
    return new TelemetryMessage(stream, seq, T, "x", null);
  }

  record Case(String name, Object batch, List<String> expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("good report", new ReportBatch(1, T, null, null, null,
            List.of(event(1, T, "task-held", "local"), event(2, T, "cloud-revision-applied", "cloud"))),
            List.of()),
        new Case("report: every problem at once", new ReportBatch(0, null, null, null, null,
            List.of(event(5, null, "", "store"), event(5, T, "k", null))),
            List.of("sequence: must be 1 or more but is 0", "sentAt: is required",
                "events[0].at: is required", "events[0].kind: is required",
                "events[0].origin: must be cloud, local, system or hub but is 'store'",
                "events[1].eventId: must be greater than the previous event's (5) but is 5")),
        new Case("good report with audit", new ReportBatch(2, T, null, null, null, null,
            List.of(audit(7, T, "POST", "/api/v1/tasks/t-1/hold", 200),
                audit(9, T, "POST", "/api/v1/login", 401))), List.of()),
        new Case("audit: every problem at once", new ReportBatch(2, T, null, null, null, null,
            List.of(audit(0, null, "", null, 42), audit(8, T, "PUT", "/x", 200),
                audit(8, T, "PUT", "/x", 600))),
            List.of("audit[0].auditId: must be 1 or more but is 0", "audit[0].at: is required",
                "audit[0].method: is required", "audit[0].path: is required",
                "audit[0].status: must be an HTTP status (100-599) but is 42",
                "audit[2].auditId: must be greater than the previous entry's (8) but is 8",
                "audit[2].status: must be an HTTP status (100-599) but is 600")),
        new Case("good telemetry", new TelemetryBatch(3,
            List.of(msg("temp", 1), msg("cam", 9), msg("temp", 2)),
            List.of(new DropCount("temp", "ttl", 4))), List.of()),
        new Case("telemetry: every problem at once", new TelemetryBatch(-1,
            List.of(msg("temp", 2), msg("temp", 2), msg("a/b", 0),
                new TelemetryMessage("s", 1, null, null, null),
                new TelemetryMessage("s2", 1, T, null, "@@")),
            List.of(new DropCount("", "lost", -1))),
            List.of("sequence: must be 1 or more but is -1",
                "messages[1].seq: must be greater than the previous seq of stream temp (2) but is 2",
                "messages[2].stream: must be 1 to 128 letters, digits, '.', '_' or '-', starting"
                    + " with a letter or digit",
                "messages[2].seq: must be 1 or more but is 0",
                "messages[3].ts: is required",
                "messages[3]: exactly one of payload and payloadBase64 must be set",
                "messages[4].payloadBase64: is not base64: Illegal base64 character 40",
                "dropped[0].stream: is required",
                "dropped[0].reason: must be overflow or ttl but is lost",
                "dropped[0].count: must be 0 or more but is -1")));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void validate_collectsEveryViolationWithItsPath(Case c) {
    List<Violation> got = c.batch() instanceof ReportBatch r
        ? BatchValidator.validate(r) : BatchValidator.validate((TelemetryBatch) c.batch());
    assertEquals(c.expected(), got.stream().map(Violation::toString).toList());
  }
}
