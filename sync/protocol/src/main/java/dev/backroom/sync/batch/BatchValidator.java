package dev.backroom.sync.batch;

import dev.backroom.config.validate.Violation;
import dev.backroom.sync.wire.DropCount;
import dev.backroom.sync.wire.ReportBatch;
import dev.backroom.sync.wire.ReportedAudit;
import dev.backroom.sync.wire.ReportedEvent;
import dev.backroom.sync.wire.TelemetryBatch;
import dev.backroom.sync.wire.TelemetryMessage;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks an upstream batch before the cloud stores it. Collects every violation with its field
 * path; does not stop at the first. The sequence itself is judged by {@link SequenceVerdict}.
 */
public final class BatchValidator {
  /** The {@code reason} values of {@link DropCount}. */
  public static final Set<String> DROP_REASONS = Set.of("overflow", "ttl");
  /**
   * Who caused an event: the cloud, someone on site (local), the hub deciding by itself
   * (system, e.g. a reschedule), or the hub's own processes (hub).
   */
  public static final Set<String> ORIGINS = Set.of("cloud", "local", "system", "hub");

  private BatchValidator() {}

  public static List<Violation> validate(ReportBatch b) {
    List<Violation> out = new ArrayList<>();
    if (b.sequence() < 1) {
      out.add(new Violation("sequence", "must be 1 or more but is " + b.sequence()));
    }
    if (b.sentAt() == null) {
      out.add(new Violation("sentAt", "is required"));
    }
    checkNoNulls(out, "devices", b.devices());
    checkNoNulls(out, "tasks", b.tasks());
    checkNoNulls(out, "deployments", b.deployments());
    long previousId = Long.MIN_VALUE;
    for (int i = 0; i < b.events().size(); i++) {
      ReportedEvent e = b.events().get(i);
      String p = "events[" + i + "]";
      if (e == null) {
        out.add(new Violation(p, "must not be null"));
        continue;
      }
      if (e.eventId() <= previousId) {
        out.add(new Violation(p + ".eventId", "must be greater than the previous event's ("
            + previousId + ") but is " + e.eventId()));
      }
      previousId = e.eventId();
      if (e.at() == null) {
        out.add(new Violation(p + ".at", "is required"));
      }
      if (e.kind() == null || e.kind().isBlank()) {
        out.add(new Violation(p + ".kind", "is required"));
      }
      if (e.origin() != null && !ORIGINS.contains(e.origin())) {
        out.add(new Violation(p + ".origin", "must be cloud, local, system or hub but is '" + e.origin() + "'"));
      }
    }
    checkAudit(out, b.audit());
    return out;
  }

  /** Audit ids grow strictly, like event ids; each entry says when, what and how it was answered. */
  private static void checkAudit(List<Violation> out, List<ReportedAudit> audit) {
    long previousId = Long.MIN_VALUE;
    for (int i = 0; i < audit.size(); i++) {
      ReportedAudit a = audit.get(i);
      String p = "audit[" + i + "]";
      if (a == null) {
        out.add(new Violation(p, "must not be null"));
        continue;
      }
      if (a.auditId() < 1) {
        out.add(new Violation(p + ".auditId", "must be 1 or more but is " + a.auditId()));
      } else if (a.auditId() <= previousId) {
        out.add(new Violation(p + ".auditId", "must be greater than the previous entry's ("
            + previousId + ") but is " + a.auditId()));
      }
      previousId = Math.max(previousId, a.auditId());
      if (a.at() == null) {
        out.add(new Violation(p + ".at", "is required"));
      }
      if (a.method() == null || a.method().isBlank()) {
        out.add(new Violation(p + ".method", "is required"));
      }
      if (a.path() == null || a.path().isBlank()) {
        out.add(new Violation(p + ".path", "is required"));
      }
      if (a.status() < 100 || a.status() > 599) {
        out.add(new Violation(p + ".status", "must be an HTTP status (100-599) but is " + a.status()));
      }
    }
  }

  public static List<Violation> validate(TelemetryBatch b) {
    List<Violation> out = new ArrayList<>();
    if (b.sequence() < 1) {
      out.add(new Violation("sequence", "must be 1 or more but is " + b.sequence()));
    }
    // Per stream: the last seq, and whether the name is valid. A batch carries thousands of
    // messages of a few streams, so each name is matched once and paths are built for errors only.
    Map<String, long[]> lastSeq = new HashMap<>();
    Map<String, Optional<String>> nameProblem = new HashMap<>();
    for (int i = 0; i < b.messages().size(); i++) {
      TelemetryMessage m = b.messages().get(i);
      if (m == null) {
        out.add(new Violation(messagePath(i), "must not be null"));
        continue;
      }
      Optional<String> problem = m.stream() == null ? StreamNames.problem(null)
          : nameProblem.computeIfAbsent(m.stream(), StreamNames::problem);
      if (problem.isPresent()) {
        out.add(new Violation(messagePath(i) + ".stream", problem.get()));
      }
      if (m.seq() < 1) {
        out.add(new Violation(messagePath(i) + ".seq", "must be 1 or more but is " + m.seq()));
      } else if (m.stream() != null) {
        long[] prev = lastSeq.computeIfAbsent(m.stream(), k -> new long[] {Long.MIN_VALUE});
        if (prev[0] != Long.MIN_VALUE && m.seq() <= prev[0]) {
          out.add(new Violation(messagePath(i) + ".seq", "must be greater than the previous seq"
              + " of stream " + m.stream() + " (" + prev[0] + ") but is " + m.seq()));
        }
        prev[0] = m.seq();
      }
      if (m.ts() == null) {
        out.add(new Violation(messagePath(i) + ".ts", "is required"));
      }
      checkPayload(out, i, m);
    }
    for (int i = 0; i < b.dropped().size(); i++) {
      DropCount d = b.dropped().get(i);
      String p = "dropped[" + i + "]";
      if (d == null) {
        out.add(new Violation(p, "must not be null"));
        continue;
      }
      StreamNames.problem(d.stream()).ifPresent(r -> out.add(new Violation(p + ".stream", r)));
      if (d.reason() == null || !DROP_REASONS.contains(d.reason())) {
        out.add(new Violation(p + ".reason", "must be overflow or ttl but is " + d.reason()));
      }
      if (d.count() < 0) {
        out.add(new Violation(p + ".count", "must be 0 or more but is " + d.count()));
      }
    }
    return out;
  }

  private static String messagePath(int i) {
    return "messages[" + i + "]";
  }

  private static void checkPayload(List<Violation> out, int i, TelemetryMessage m) {
    if ((m.payload() == null) == (m.payloadBase64() == null)) {
      out.add(new Violation(messagePath(i), "exactly one of payload and payloadBase64 must be set"));
    } else if (m.payloadBase64() != null) {
      try {
        Base64.getDecoder().decode(m.payloadBase64());
      } catch (IllegalArgumentException e) {
        out.add(new Violation(messagePath(i) + ".payloadBase64", "is not base64: "
            + e.getMessage()));
      }
    }
  }

  private static void checkNoNulls(List<Violation> out, String field, List<?> items) {
    for (int i = 0; i < items.size(); i++) {
      if (items.get(i) == null) {
        out.add(new Violation(field + "[" + i + "]", "must not be null"));
      }
    }
  }
}
