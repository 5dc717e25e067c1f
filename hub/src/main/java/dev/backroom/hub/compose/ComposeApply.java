package dev.backroom.hub.compose;

import dev.backroom.compose.ComposeResult;
import dev.backroom.config.json.Json;
import dev.backroom.config.json.SpecHash;
import dev.backroom.config.model.ContainerDefinition;
import dev.backroom.config.model.Service;
import dev.backroom.config.model.TaskDefinition;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Applies a converted Compose file, all of it in one transaction: registers each task
 * definition (a new revision only when it differs from the family's latest ACTIVE one), creates
 * or updates each service, removes the project's services the file no longer has, and records
 * the project's services. A service or family that exists but belongs to no project or to
 * another one is a conflict, and nothing is written.
 */
@ApplicationScoped
public class ComposeApply {
  @Inject Jdbc jdbc;
  @Inject TaskDefinitionStore taskDefinitions;
  @Inject ServiceStore services;
  @Inject ComposeProjectStore projects;
  @Inject EventStore events;
  @Inject ControlLoop loop;

  /**
   * What an up did (or, on a dry run, would do).
   *
   * @param taskDefinitions the {@code family:revision} each service runs (on a dry run, the
   *     revision a new registration would get)
   * @param registered the revisions this up registered (empty for an unchanged file)
   * @param removedServices services of the project the file no longer has
   */
  public record Outcome(String project, boolean dryRun, List<String> taskDefinitions,
      List<String> registered, List<String> services, List<String> removedServices,
      List<String> inactiveServices) {}

  /** What a down removed. */
  public record Removal(String project, List<String> removedServices,
      List<String> deregisteredTaskDefinitions) {}

  /** Thrown inside the transaction so it rolls back; carries every conflict. */
  public static final class Conflict extends RuntimeException {
    final List<ComposeViolation> violations;

    Conflict(List<ComposeViolation> violations) {
      super("compose conflict", null, false, false);
      this.violations = List.copyOf(violations);
    }
  }

  public Outcome up(String project, ComposeResult file, boolean dryRun, String actor) {
    Outcome o = jdbc.inTransaction(() -> apply(project, file, dryRun, actor));
    if (!dryRun) {
      loop.trigger();
    }
    return o;
  }

  /** Empty when the hub knows no such project. */
  public Optional<Removal> down(String project, String actor) {
    Optional<Removal> r = jdbc.inTransaction(() -> {
      Optional<ComposeProjectStore.Project> p = projects.find(project);
      if (p.isEmpty()) {
        return Optional.<Removal>empty();
      }
      Instant now = Instant.now();
      List<String> removed = new ArrayList<>();
      List<String> deregistered = new ArrayList<>();
      for (ComposeProjectStore.Member m : p.get().services()) {
        remove(m, project, actor, now, removed, deregistered);
      }
      projects.delete(project);
      return Optional.of(new Removal(project, removed, deregistered));
    });
    r.ifPresent(x -> loop.trigger());
    return r;
  }

  private Outcome apply(String project, ComposeResult file, boolean dryRun, String actor) {
    List<ComposeViolation> conflicts = new ArrayList<>();
    Map<String, TaskDefinition> keep = new HashMap<>(); // family -> unchanged ACTIVE revision
    for (TaskDefinition td : file.taskDefinitions()) {
      Optional<String> owner = projects.ownerOfFamily(td.family());
      Optional<TaskDefinition> active = taskDefinitions.latestActive(td.family());
      if (owner.map(o -> !o.equals(project)).orElse(active.isPresent())) {
        conflicts.add(new ComposeViolation(members(td), "taskDefinitions[" + td.family() + "]",
            "task definition family " + td.family() + " has ACTIVE revisions that "
                + owner.map(o -> "Compose project " + o + " registered").orElse(
                    "were not registered by Compose project " + project)
                + "; choose another project name or deregister them"));
      }
      active.filter(a -> taskDefinitions.specHash(a)
          .equals(SpecHash.of(td.withEffectiveNetworkMode())))
          .ifPresent(a -> keep.put(td.family(), a));
    }
    Map<String, TaskDefinition> byFamily = new HashMap<>();
    file.taskDefinitions().forEach(td -> byFamily.put(td.family(), td));
    for (Service s : file.services()) {
      Optional<String> owner = projects.ownerOfService(s.serviceName());
      boolean exists = services.find(s.serviceName()).isPresent();
      if (owner.map(o -> !o.equals(project)).orElse(exists)) {
        conflicts.add(new ComposeViolation(members(byFamily.get(s.taskDefinition())),
            "services[" + s.serviceName() + "]", "service " + s.serviceName() + " exists and "
                + owner.map(o -> "belongs to Compose project " + o).orElse(
                    "was not created by Compose project " + project)
                + "; choose another project name or delete it"));
      }
    }
    if (!conflicts.isEmpty()) {
      throw new Conflict(conflicts);
    }
    Set<String> wanted = new LinkedHashSet<>();
    file.services().forEach(s -> wanted.add(s.serviceName()));
    List<ComposeProjectStore.Member> before = projects.find(project)
        .map(ComposeProjectStore.Project::services).orElse(List.of());
    List<String> removed = new ArrayList<>();
    for (ComposeProjectStore.Member m : before) {
      if (!wanted.contains(m.serviceName())) {
        removed.add(m.serviceName());
      }
    }
    if (dryRun) {
      Map<String, String> refs = new HashMap<>();
      for (TaskDefinition td : file.taskDefinitions()) {
        TaskDefinition k = keep.get(td.family());
        refs.put(td.family(), k != null ? k.ref() : td.family() + ":" + (taskDefinitions
            .latest(td.family()).map(l -> l.revision() + 1).orElse(1)));
      }
      return outcome(project, true, file, refs, List.of(), removed);
    }
    Instant now = Instant.now();
    Map<String, String> refs = new HashMap<>();
    // The stored revisions, kept here rather than read back: TaskDefinitionStore caches reads,
    // and a revision of this transaction must not be cached before it commits.
    Map<String, TaskDefinition> chosen = new HashMap<>();
    List<String> registered = new ArrayList<>();
    for (TaskDefinition td : file.taskDefinitions()) {
      TaskDefinition k = keep.get(td.family());
      if (k == null) {
        k = taskDefinitions.register(td);
        registered.add(k.ref());
        events.record(now, "task-definition-registered", actor, Event.LOCAL,
            EventStore.Subject.none(), null, "task definition " + k.ref()
                + " registered (compose up " + project + ")");
      }
      refs.put(td.family(), k.ref());
      chosen.put(td.family(), k);
    }
    List<ComposeProjectStore.Member> members = new ArrayList<>();
    for (Service s : file.services()) {
      TaskDefinition td = chosen.get(s.taskDefinition());
      Service resolved = s.withTaskDefinition(td.ref());
      Optional<ServiceRecord> existing = services.find(s.serviceName());
      if (existing.isEmpty()) {
        services.create(resolved, td.family(), td.revision());
        serviceEvent(now, "service-created", actor, s.serviceName(), td.ref(), project);
      } else if (!Json.write(existing.get().spec()).equals(Json.write(resolved))
          || existing.get().taskRevision() != td.revision()) {
        services.update(resolved, td.family(), td.revision());
        serviceEvent(now, "service-updated", actor, s.serviceName(), td.ref(), project);
      }
      members.add(new ComposeProjectStore.Member(s.serviceName(), td.family(),
          memberList(byFamily.get(s.taskDefinition()))));
    }
    List<String> deregistered = new ArrayList<>();
    for (ComposeProjectStore.Member m : before) {
      if (!wanted.contains(m.serviceName())) {
        remove(m, project, actor, now, new ArrayList<>(), deregistered);
      }
    }
    projects.replace(project, members, now);
    return outcome(project, false, file, refs, registered, removed);
  }

  /** Deletes the service and deregisters its family's ACTIVE revisions. */
  private void remove(ComposeProjectStore.Member m, String project, String actor, Instant now,
      List<String> removed, List<String> deregistered) {
    if (services.delete(m.serviceName())) {
      removed.add(m.serviceName());
      serviceEvent(now, "service-deleted", actor, m.serviceName(), null, project);
    }
    for (TaskDefinitionStore.Revision r : taskDefinitions.revisions(m.taskFamily())) {
      if (r.active()) {
        taskDefinitions.deregister(r.taskDefinition().family(), r.taskDefinition().revision(),
            now);
        deregistered.add(r.taskDefinition().ref());
        events.record(now, "task-definition-deregistered", actor, Event.LOCAL,
            EventStore.Subject.none(), null, "task definition " + r.taskDefinition().ref()
                + " deregistered (INACTIVE) (compose " + project + ")");
      }
    }
  }

  private void serviceEvent(Instant now, String kind, String actor, String service, String ref,
      String project) {
    events.record(now, kind, actor, Event.LOCAL, EventStore.Subject.service(service), null,
        "service " + service + " " + kind.substring("service-".length())
            + (ref == null ? "" : ": " + ref) + " (compose " + project + ")");
  }

  private static Outcome outcome(String project, boolean dryRun, ComposeResult file,
      Map<String, String> refs, List<String> registered, List<String> removed) {
    return new Outcome(project, dryRun, file.taskDefinitions().stream()
        .map(td -> refs.get(td.family())).toList(), registered,
        file.services().stream().map(Service::serviceName).toList(), removed,
        file.inactiveServices());
  }

  /** The Compose services a task definition runs: one container each, named after it. */
  private static String members(TaskDefinition td) {
    return td == null ? null : String.join(",", memberList(td));
  }

  private static List<String> memberList(TaskDefinition td) {
    return td == null ? List.of() : td.containerDefinitions().stream()
        .map(ContainerDefinition::name).toList();
  }
}
