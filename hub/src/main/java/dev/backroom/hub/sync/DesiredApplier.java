package dev.backroom.hub.sync;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backroom.config.model.Service;
import dev.backroom.config.model.TaskDefinition;
import dev.backroom.hub.core.sync.CloudKey;
import dev.backroom.hub.core.sync.CloudRedeploys;
import dev.backroom.hub.core.sync.CloudSpecs;
import dev.backroom.hub.core.sync.CloudState;
import dev.backroom.hub.core.sync.ConvergePlan;
import dev.backroom.hub.events.Event;
import dev.backroom.hub.events.EventStore.Subject;
import dev.backroom.jdbc.Jdbc;
import dev.backroom.hub.events.EventStore;
import dev.backroom.hub.store.ServiceStore;
import dev.backroom.hub.store.TaskDefinitionStore;
import dev.backroom.sync.wire.DesiredChanges;
import dev.backroom.sync.wire.DesiredKind;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Applies one downstream answer in one H2 transaction together with the new applied revision.
 * The hub's tables are converged to the cloud's whole object set, not just to the answer's
 * changes, so a local edit of a cloud-owned service is overwritten at the next revision. Holds
 * and drains (device_controls, tasks.held) are never read or written here.
 */
@ApplicationScoped
public class DesiredApplier {
  @Inject Jdbc jdbc;
  @Inject SyncStore store;
  @Inject TaskDefinitionStore taskDefinitions;
  @Inject ServiceStore services;
  @Inject EventStore events;
  @Inject CloudTasks cloudTasks;
  @Inject CloudAttributes cloudAttributes;

  /** What one apply did; {@code applied} is false when the answer was not newer. */
  public record Result(boolean applied, long revision, int writes, int rejected) {}

  public Result apply(DesiredChanges answer, Instant now) {
    Result result;
    try {
      result = applyInTransaction(answer, now);
    } finally {
      cloudAttributes.settle(); // its in-memory copy read what the transaction wrote, or not
    }
    // one-off tasks run after the commit: placement runs on the core thread
    cloudTasks.settle(now);
    return result;
  }

  private Result applyInTransaction(DesiredChanges answer, Instant now) {
    return jdbc.inTransaction(() -> {
      long applied = store.counter(SyncStore.APPLIED_REVISION, 0);
      if (!CloudState.changesAnything(answer, applied)) {
        return new Result(false, applied, 0, 0);
      }
      Map<CloudKey, JsonNode> before = store.cloudObjects();
      CloudState.Outcome o = CloudState.apply(before, answer, CloudSpecs::problem);
      store.replaceCloudObjects(before, o.objects());
      cloudTasks.receive(before, o.objects(), now);
      cloudAttributes.receive(before, o.objects(), answer.revision(), now);
      for (CloudState.Rejection r : o.rejected()) {
        record(now, "cloud-object-rejected", Subject.none(), r.reason(),
            r.key() + " of cloud revision " + answer.revision() + " not applied");
      }
      int writes = converge(o.objects(), before, answer.revision(), now);
      writes += redeploy(answer, before, o, now);
      store.setCounter(SyncStore.APPLIED_REVISION, answer.revision());
      record(now, "cloud-revision-applied", Subject.none(), answer.full() ? "full snapshot" : null,
          "cloud revision " + answer.revision() + " applied: " + answer.changes().size()
              + " change(s), " + writes + " write(s)"
              + (o.rejected().isEmpty() ? "" : ", " + o.rejected().size() + " rejected"));
      return new Result(true, answer.revision(), writes, o.rejected().size());
    });
  }

  private int converge(Map<CloudKey, JsonNode> objects, Map<CloudKey, JsonNode> before,
      long revision, Instant now) {
    List<TaskDefinition> tds = new ArrayList<>();
    List<Service> svcs = new ArrayList<>();
    objects.forEach((k, spec) -> {
      if (k.kind() == DesiredKind.TASK_DEFINITION) {
        tds.add(CloudSpecs.taskDefinition(spec));
      } else if (k.kind() == DesiredKind.SERVICE) { // TASK: CloudTasks, DEVICE_ATTRIBUTES:
        // CloudAttributes
        svcs.add(CloudSpecs.service(spec));
      }
    });
    // Latest revisions are read before anything is registered, so the store's revision cache
    // never sees a row this transaction might still roll back.
    Map<String, TaskDefinition> latest = new HashMap<>();
    for (TaskDefinition td : tds) {
      taskDefinitions.latest(td.family()).ifPresent(l -> latest.put(td.family(), l));
    }
    for (Service s : svcs) {
      taskDefinitions.latest(s.taskDefinition()).ifPresent(l -> latest.put(s.taskDefinition(), l));
    }
    Map<String, String> refs = new HashMap<>();
    latest.forEach((family, td) -> refs.put(family, td.ref()));
    Set<String> hostKept = new HashSet<>();
    latest.forEach((family, td) -> {
      if (taskDefinitions.networkModeDefaulted(family, td.revision())) {
        hostKept.add(family);
      }
    });
    Set<String> keeping = new HashSet<>(ConvergePlan.keptHost(tds, hostKept));
    int writes = 0;
    for (TaskDefinition td : ConvergePlan.taskDefinitionsToRegister(tds, latest, hostKept)) {
      TaskDefinition stored = taskDefinitions.register(td, ServiceStore.CLOUD,
          keeping.contains(td.family()));
      refs.put(stored.family(), stored.ref());
      record(now, "task-definition-registered", Subject.none(), "cloud revision " + revision,
          "task definition " + stored.ref() + " registered from the cloud"
              + (keeping.contains(td.family()) ? " (networkMode host kept: the cloud's"
                  + " definition names none, and the family ran host before)" : ""));
      writes++;
    }
    for (String family : ConvergePlan.keptHost(tds, hostKept)) {
      String ref = refs.get(family);
      int rev = Integer.parseInt(ref.substring(ref.lastIndexOf(':') + 1));
      if (taskDefinitions.markNetworkModeNoticed(family, rev, now)) {
        record(now, "network-mode-kept-host", Subject.none(), "cloud revision " + revision,
            "task definition " + ref + " keeps networkMode host: the cloud's definition of "
                + family + " has no networkMode, which now means bridge, but the family ran in"
                + " host mode before this hub was upgraded and a deployed workload does not"
                + " change network unasked; set networkMode explicitly in the cloud's definition"
                + " (\"host\" to keep it, \"bridge\" to move it)");
      }
    }
    for (CloudKey k : before.keySet()) {
      if (k.kind() == DesiredKind.TASK_DEFINITION && !objects.containsKey(k)) {
        // Revisions stay: services, running tasks and rollbacks refer to them, as ECS keeps
        // deregistered revisions. The family is simply no longer cloud-owned.
        record(now, "task-definition-deregistered", Subject.none(), "cloud revision " + revision,
            "task definition family " + k.name() + " is no longer in the cloud's desired state");
      }
    }
    for (ConvergePlan.ServiceAction a : ConvergePlan.services(svcs, refs, existing())) {
      Subject subject = Subject.service(a.name());
      switch (a.op()) {
        case CREATE -> services.create(a.spec(), family(a.spec()), revision(a.spec()), ServiceStore.CLOUD);
        case UPDATE -> services.update(a.spec(), family(a.spec()), revision(a.spec()), ServiceStore.CLOUD);
        case DELETE -> services.delete(a.name());
        case SKIP -> {
          record(now, "cloud-object-rejected", subject, a.reason(),
              "service " + a.name() + " of cloud revision " + revision + " not applied");
          continue;
        }
      }
      writes++;
      String verb = switch (a.op()) {
        case CREATE -> "created";
        case UPDATE -> "updated";
        default -> "deleted";
      };
      record(now, "service-" + verb, subject, a.reason(), "service " + a.name() + " " + verb
          + " from cloud revision " + revision + (a.spec() == null ? "" : ": " + a.spec().taskDefinition()));
    }
    return writes;
  }

  /**
   * Redeploys the cloud services whose forced-redeploy count grew past the last one applied
   * (after {@link #converge}, so a service the answer creates or changes is there) and keeps
   * the counts, in the answer's transaction.
   */
  private int redeploy(DesiredChanges answer, Map<CloudKey, JsonNode> before,
      CloudState.Outcome o, Instant now) {
    Set<CloudKey> rejected = new HashSet<>();
    o.rejected().forEach(r -> rejected.add(r.key()));
    CloudRedeploys.Plan plan = CloudRedeploys.plan(store.cloudRedeploys(), before.keySet(),
        answer.changes(), rejected, o.objects().keySet());
    plan.forget().forEach(store::forgetCloudRedeploys);
    plan.remember().forEach(store::rememberCloudRedeploys);
    int writes = 0;
    for (String name : plan.redeploy()) {
      boolean cloudOwned = services.find(name)
          .filter(s -> ServiceStore.CLOUD.equals(s.origin())).isPresent();
      if (cloudOwned && services.redeploy(name)) {
        writes++;
        record(now, "service-updated", Subject.service(name), "cloud revision "
            + answer.revision(), "service " + name + " updated from cloud revision "
            + answer.revision() + ": new deployment forced (cloud count "
            + plan.remember().get(name) + ")");
      }
    }
    return writes;
  }

  private void record(Instant now, String kind, Subject s, String reason, String message) {
    events.record(now, kind, Event.CLOUD, Event.CLOUD, s, reason, message);
  }

  private static String family(Service s) {
    return s.taskDefinition().substring(0, s.taskDefinition().lastIndexOf(':'));
  }

  private static int revision(Service s) {
    return Integer.parseInt(s.taskDefinition().substring(s.taskDefinition().lastIndexOf(':') + 1));
  }

  private List<ConvergePlan.Existing> existing() {
    return services.list().stream()
        .map(s -> new ConvergePlan.Existing(s.spec(), ServiceStore.CLOUD.equals(s.origin()))).toList();
  }
}
