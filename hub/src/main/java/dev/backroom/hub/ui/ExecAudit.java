package dev.backroom.hub.ui;

import dev.backroom.hub.audit.AuditEntry;
import dev.backroom.hub.audit.AuditLog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;

/**
 * Puts terminals in the audit log: a shell in a production container is the most powerful thing
 * the UI offers, and a WebSocket is no mutating HTTP request, so the audit recorder would not
 * see it. Two rows per terminal, both with the path {@code /ui/ws/tasks/<task>/exec}:
 * <ul>
 *   <li>method {@code EXEC}: who opened it (user, role, how authenticated, from where), when,
 *       and the task, container and device in {@code target}; status 101 when it opened, 409
 *       when the hub refused it (the reason in {@code target});
 *   <li>method {@code EXEC-END}: when it ended, the same target plus how long it lasted and why
 *       it ended; status 200.
 * </ul>
 */
@ApplicationScoped
public class ExecAudit {
  /** Who opened a terminal, as authenticated at the handshake. */
  public record Who(String name, String role, String authMethod, String remoteAddress) {}

  static final String OPEN = "EXEC";
  static final String END = "EXEC-END";

  @Inject AuditLog log;

  void opened(BridgeSession s, String refusal) {
    String target = target(s) + (refusal == null ? "" : "; refused: " + refusal);
    append(entry(s, s.openedAt, OPEN, target, refusal == null ? 101 : 409));
  }

  void closed(BridgeSession s, String reason, Instant at) {
    long seconds = Duration.between(s.openedAt, at).toSeconds();
    append(entry(s, at, END, target(s) + "; lasted " + seconds + " s; " + reason, 200));
  }

  /** Where the entry goes; tests without a database replace it. */
  void append(AuditEntry e) {
    log.append(e);
  }

  static String target(BridgeSession s) {
    String container = s.containerName == null ? "no running container known"
        : "container " + s.containerName + (s.containerId == null ? ""
            : " (" + UiFormat.shortId(s.containerId) + ")");
    return "task " + s.taskId + " " + container + " on " + (s.deviceId == null ? "-" : s.deviceId)
        + "; session " + s.id;
  }

  private static AuditEntry entry(BridgeSession s, Instant at, String method, String target,
      int status) {
    Who who = s.who == null ? new Who("anonymous", null, "none", null) : s.who;
    return new AuditEntry(0, at, who.name(), who.role(), who.authMethod(), method,
        "/ui/ws/tasks/" + s.taskId + "/exec", target, who.remoteAddress(), status, null, null);
  }
}
