package dev.backroom.hub.api;

import dev.backroom.config.model.Service;
import dev.backroom.config.model.TaskDefinition;
import dev.backroom.config.validate.Violation;
import dev.backroom.hub.events.Event;
import dev.backroom.hub.events.EventStore;
import dev.backroom.hub.runtime.ControlLoop;
import dev.backroom.hub.store.ServiceRecord;
import dev.backroom.hub.store.ServiceStore;
import dev.backroom.hub.store.TaskDefinitionStore;
import dev.backroom.jdbc.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Creating, changing and deleting services, for every API that does it (the REST API's
 * {@link ServiceResource}, the ECS operations): resolves the task definition, writes the
 * service, records the event with the caller as its actor, and triggers a control-loop pass.
 * Refusals are {@link Refused}, which each API renders in its own shape.
 */
@ApplicationScoped
public class ServiceActions {
  @Inject ServiceStore services;
  @Inject TaskDefinitionStore taskDefinitions;
  @Inject ControlLoop loop;
  @Inject EventStore events;
  @Inject Jdbc jdbc;

  /** Why a change was refused: invalid input, no such service, or a name already taken. */
  public enum Refusal { INVALID, NOT_FOUND, EXISTS }

  /** A refused change; nothing was written. */
  public static final class Refused extends RuntimeException {
    private final Refusal kind;
    private final List<Violation> violations;

    Refused(Refusal kind, String message, List<Violation> violations) {
      super(message, null, false, false);
      this.kind = kind;
      this.violations = List.copyOf(violations);
    }

    public Refusal kind() {
      return kind;
    }

    /** For {@link Refusal#INVALID}: every violation with its field path. */
    public List<Violation> violations() {
      return violations;
    }
  }

  /** A service whose {@code taskDefinition} names a concrete revision, and that revision. */
  public record Resolved(Service service, TaskDefinition td) {}

  /**
   * Resolves {@code taskDefinition} (family: the latest ACTIVE revision) to a concrete revision.
   *
   * @param existing the name of the service being updated; null for a new one
   * @throws Refused INVALID for an unknown revision, or an INACTIVE one the service is not on
   */
  public Resolved resolve(Service s, String existing) {
    TaskDefinition td = taskDefinitions.resolve(s.taskDefinition()).orElseThrow(() ->
        invalid("taskDefinition", "no registered task definition " + s.taskDefinition()));
    refuseInactive(td, existing);
    return new Resolved(s.withTaskDefinition(td.ref()), td);
  }

  /**
   * Creates the service, with its event in the same commit (one disk write, and no service
   * without its event after a crash). @throws Refused EXISTS when a service of that name exists
   */
  public void create(Resolved r, String actor) {
    String name = r.service().serviceName();
    boolean created = jdbc.inTransaction(() -> {
      if (!services.create(r.service(), r.td().family(), r.td().revision())) {
        return false;
      }
      record("service-created", actor, name, r.td().ref());
      return true;
    });
    if (!created) {
      throw new Refused(Refusal.EXISTS, "service " + name + " exists", List.of());
    }
    loop.trigger();
  }

  /**
   * Replaces the service's spec; with {@code redeploy} (ECS {@code forceNewDeployment}) a new
   * deployment replaces every task even when the revision stays the same.
   *
   * @throws Refused NOT_FOUND when there is no such service
   */
  public void update(Resolved r, boolean redeploy, String actor) {
    String name = r.service().serviceName();
    boolean found = jdbc.inTransaction(() -> {
      if (!services.update(r.service(), r.td().family(), r.td().revision())) {
        return false;
      }
      if (redeploy) {
        services.redeploy(name);
      }
      record("service-updated", actor, name, r.td().ref() + ", desiredCount "
          + r.service().desiredCountOrZero() + (redeploy ? ", new deployment forced" : ""));
      return true;
    });
    if (!found) {
      throw notFound(name);
    }
    loop.trigger();
  }

  /** Deletes the service; the loop stops its tasks. @throws Refused NOT_FOUND when none */
  public void delete(String name, String actor) {
    boolean found = jdbc.inTransaction(() -> {
      if (!services.delete(name)) {
        return false;
      }
      record("service-deleted", actor, name, null);
      return true;
    });
    if (!found) {
      throw notFound(name);
    }
    loop.trigger();
  }

  public static Refused invalid(String field, String message) {
    return new Refused(Refusal.INVALID, "invalid service", List.of(new Violation(field, message)));
  }

  public static Refused invalid(List<Violation> violations) {
    return new Refused(Refusal.INVALID, "invalid service", violations);
  }

  private static Refused notFound(String name) {
    return new Refused(Refusal.NOT_FOUND, "no service " + name, List.of());
  }

  private void record(String kind, String actor, String service, String detail) {
    events.record(Instant.now(), kind, actor, Event.LOCAL, EventStore.Subject.service(service),
        null, "service " + service + " " + kind.substring("service-".length())
            + (detail == null ? "" : ": " + detail));
  }

  /**
   * ECS: an INACTIVE revision starts no new service and no update to it, but a service already
   * on it may keep it (an update of its count or placement names the same revision).
   */
  private void refuseInactive(TaskDefinition td, String serviceName) {
    TaskDefinitionStore.Revision rev = taskDefinitions.revision(td.family(), td.revision())
        .orElse(null);
    if (rev == null || rev.active()) {
      return;
    }
    boolean alreadyOnIt = serviceName != null && services.find(serviceName)
        .map(s -> s.taskFamily().equals(td.family()) && s.taskRevision() == td.revision())
        .orElse(false);
    if (!alreadyOnIt) {
      throw invalid("taskDefinition", td.ref() + " is INACTIVE (deregistered): it starts no new"
          + " service or update; use an ACTIVE revision");
    }
  }

  /** The stored service, if any. */
  public Optional<ServiceRecord> find(String name) {
    return services.find(name);
  }
}
