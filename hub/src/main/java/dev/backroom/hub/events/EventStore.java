package dev.backroom.hub.events;

import dev.backroom.jdbc.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;

/** Appends and reads events. Writes join the caller's transaction when there is one. */
@ApplicationScoped
public class EventStore {
  @Inject Jdbc jdbc;
  /** Qualified: in this package {@code Event} is the stored event. */
  @Inject jakarta.enterprise.event.Event<Appended> appended;

  /**
   * Fired after events were written (maybe before their transaction commits), so listeners such
   * as the upstream sync can report them soon instead of at their next interval.
   */
  public record Appended(String origin) {}

  /** A builder-ish value for the optional subject fields of an event. */
  public record Subject(String serviceName, String taskId, String deviceId, String deploymentId) {
    public static Subject service(String s) {
      return new Subject(s, null, null, null);
    }

    public static Subject task(String service, String task, String device) {
      return new Subject(service, task, device, null);
    }

    public static Subject none() {
      return new Subject(null, null, null, null);
    }

    public static Subject device(String device) {
      return new Subject(null, null, device, null);
    }

    public static Subject deployment(String service, String deployment) {
      return new Subject(service, null, null, deployment);
    }
  }

  public void record(Instant at, String kind, String actor, String origin, Subject s,
      String reason, String message) {
    jdbc.update("insert into events (at, kind, actor, origin, service_name, task_id, device_id,"
        + " deployment_id, reason, message) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        at, kind, actor, origin, s.serviceName(), s.taskId(), s.deviceId(), s.deploymentId(),
        clip(reason, 2048), clip(message, 4096));
    jdbc.afterCommit(() -> appended.fire(new Appended(origin)));
  }

  /** One event of a batch, see {@link #systemBatch}. */
  public record Entry(String kind, Subject subject, String reason, String message) {}

  /** Many decisions of the hub at once, in one JDBC batch. */
  public void systemBatch(Instant at, List<Entry> entries) {
    jdbc.batch("insert into events (at, kind, actor, origin, service_name, task_id, device_id,"
        + " deployment_id, reason, message) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        entries.stream().map(e -> new Object[] {at, e.kind(), Event.HUB, Event.SYSTEM,
            e.subject().serviceName(), e.subject().taskId(), e.subject().deviceId(),
            e.subject().deploymentId(), clip(e.reason(), 2048), clip(e.message(), 4096)}).toList());
    if (!entries.isEmpty()) {
      jdbc.afterCommit(() -> appended.fire(new Appended(Event.SYSTEM)));
    }
  }

  /** The hub's own decision. */
  public void system(Instant at, String kind, Subject s, String reason, String message) {
    record(at, kind, Event.HUB, Event.SYSTEM, s, reason, message);
  }

  /** Newest first, filtered by whichever arguments are non-null. */
  public List<Event> list(String service, String task, String device, String kind, String actor,
      int limit) {
    return jdbc.query("select * from events where (? is null or service_name = ?)"
        + " and (? is null or task_id = ?) and (? is null or device_id = ?)"
        + " and (? is null or kind = ?) and (? is null or actor = ?)"
        + " order by event_id desc limit ?",
        rs -> new Event(rs.getLong("event_id"), Jdbc.instant(rs, "at"), rs.getString("kind"),
            rs.getString("actor"), rs.getString("origin"), rs.getString("service_name"),
            rs.getString("task_id"), rs.getString("device_id"), rs.getString("deployment_id"),
            rs.getString("reason"), rs.getString("message")),
        service, service, task, task, device, device, kind, kind, actor, actor, limit);
  }

  /** Every kind recorded so far, sorted: the UI's event-kind filter offers these. */
  public List<String> kinds() {
    return jdbc.query("select distinct kind from events order by kind", rs -> rs.getString(1));
  }

  private static String clip(String s, int max) {
    return s == null || s.length() <= max ? s : s.substring(0, max);
  }
}
