package dev.backroom.cloud.ecs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.backroom.cloud.desired.DesiredService;
import dev.backroom.cloud.desired.DesiredStore;
import dev.backroom.cloud.desired.SpecCheck;
import dev.backroom.cloud.reports.ReportStore;
import dev.backroom.cloud.stores.StoreRecord;
import dev.backroom.config.json.Json;
import dev.backroom.config.model.Service;
import dev.backroom.config.validate.Violation;
import dev.backroom.ecs.shapes.ServiceRequests;
import dev.backroom.ecs.wire.EcsError;
import dev.backroom.sync.desired.DesiredObject;
import dev.backroom.sync.desired.ObjectKey;
import dev.backroom.sync.desired.SpecDigest;
import dev.backroom.sync.wire.DesiredKind;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A cluster's services as desired objects. A service of cluster C is the desired SERVICE object
 * put with exactly C's selector, its {@code taskDefinition} naming a family (what hubs resolve);
 * the revision it runs is the desired TASK_DEFINITION object of that family with the same
 * selector, matched to the cloud's registered revisions by spec hash. Writes go through
 * {@link DesiredService}: the task definition first, so a store never gets a service whose
 * family it lacks.
 */
@ApplicationScoped
public class CloudServices {
  @Inject DesiredStore desired;
  @Inject DesiredService writes;
  @Inject TaskDefinitionTable revisions;
  @Inject Clusters clusters;
  @Inject ReportStore reports;

  /** A service of a cluster: its spec with {@code family:revision}, and its desired object. */
  public record CloudService(Service spec, String family, int revision, DesiredObject object) {}

  /** What the cluster's stores reported of a service, and how many stores run its spec. */
  public record Counts(int stores, long running, long pending) {}

  public List<CloudService> list(Clusters.Cluster cluster) {
    List<DesiredObject> tds = desired.withSelector(DesiredKind.TASK_DEFINITION,
        cluster.selector());
    return desired.withSelector(DesiredKind.SERVICE, cluster.selector()).stream()
        .map(o -> view(o, tds)).toList();
  }

  public Optional<CloudService> find(Clusters.Cluster cluster, String name) {
    return list(cluster).stream().filter(s -> s.spec().serviceName().equals(name)).findFirst();
  }

  /**
   * Puts {@code spec} (its taskDefinition {@code family:revision} of an ACTIVE cloud revision)
   * as the cluster's service. A cluster's stores hold one definition per family, so another
   * service of the cluster on another revision of the family is a refusal, not a silent move.
   * With {@code forceRedeploy} the SERVICE object's redeploy count goes up by one, so its stores
   * replace the service's tasks even when nothing else changed.
   */
  public void put(Clusters.Cluster cluster, Service spec, TaskDefinitionTable.Revision rev,
      boolean forceRedeploy) {
    String family = rev.taskDefinition().family();
    for (CloudService other : list(cluster)) {
      if (!other.spec().serviceName().equals(spec.serviceName())
          && other.family().equals(family) && other.revision() != rev.taskDefinition().revision()) {
        throw EcsError.invalidParameter("taskDefinition: service " + other.spec().serviceName()
            + " of cluster " + cluster.name() + " runs " + family + ":" + other.revision()
            + ", and a cluster's stores hold one revision of a family (desired state is per"
            + " family); update both services to " + rev.ref() + " or use another family.");
      }
    }
    JsonNode td = definition(rev);
    ObjectNode service = Json.mapper().valueToTree(spec.withTaskDefinition(family));
    check(DesiredKind.TASK_DEFINITION, family, cluster, td);
    check(DesiredKind.SERVICE, spec.serviceName(), cluster, service);
    Optional<String> before = find(cluster, spec.serviceName()).map(CloudService::family);
    writes.put(DesiredKind.TASK_DEFINITION, family, cluster.selector(), td);
    writes.put(DesiredKind.SERVICE, spec.serviceName(), cluster.selector(), service,
        forceRedeploy);
    revisions.given(cluster.selector().toString(), spec.serviceName(), rev);
    // a service moved to another family leaves its old one, unless another service uses it
    before.filter(f -> !f.equals(family)).ifPresent(f -> dropUnused(cluster, f));
  }

  /** Removes the service, then its family's definition unless another service uses it. */
  public void delete(Clusters.Cluster cluster, CloudService s) {
    writes.delete(DesiredKind.SERVICE, s.spec().serviceName(), cluster.selector());
    revisions.forget(cluster.selector().toString(), s.spec().serviceName());
    dropUnused(cluster, s.family());
  }

  private void dropUnused(Clusters.Cluster cluster, String family) {
    if (list(cluster).stream().noneMatch(o -> o.family().equals(family))) {
      writes.delete(DesiredKind.TASK_DEFINITION, family, cluster.selector());
    }
  }

  /**
   * Summed over the cluster's stores whose effective state holds this very service object (a
   * store-specific object of the same name overrides a group's on its store): their number and
   * the tasks of the service their last reports hold, RUNNING or not yet.
   */
  public Counts counts(Clusters.Cluster cluster, CloudService s) {
    int stores = 0;
    long running = 0;
    long pending = 0;
    ObjectKey key = new ObjectKey(DesiredKind.SERVICE, s.spec().serviceName());
    for (StoreRecord store : clusters.storesOf(cluster)) {
      if (!s.object().specHash().equals(desired.effectiveHashes(store.id()).get(key))) {
        continue;
      }
      stores++;
      Optional<ReportStore.ReportView> report = reports.view(store.id(), 0);
      if (report.isEmpty()) {
        continue;
      }
      for (JsonNode task : report.get().tasks()) {
        // stopped tasks (desired STOPPED) are reported for a while; they count for nothing
        if (s.spec().serviceName().equals(task.path("serviceName").asText(null))
            && ReportedStores.shouldRun(task)) {
          if ("RUNNING".equals(task.path("lastStatus").asText())) {
            running++;
          } else {
            pending++;
          }
        }
      }
    }
    return new Counts(stores, running, pending);
  }

  /** The revision as the desired task definition every hub registers: no revision, no tags. */
  static JsonNode definition(TaskDefinitionTable.Revision rev) {
    ObjectNode td = Json.mapper().valueToTree(rev.taskDefinition());
    td.remove("revision");
    td.remove("tags");
    return td;
  }

  private CloudService view(DesiredObject o, List<DesiredObject> tds) {
    Service spec = Json.mapper().convertValue(o.spec(), Service.class);
    String family = spec.taskDefinition();
    // the revision given to the service while the stores still get its definition; else (the
    // family's desired definition was put through the REST API since) the newest registered
    // revision with that definition, or none
    Optional<String> hash = tds.stream().filter(t -> t.name().equals(family)).findFirst()
        .map(DesiredObject::specHash);
    int revision = revisions.given(o.selector().toString(), o.name())
        .filter(r -> r.taskDefinition().family().equals(family))
        .filter(r -> hash.equals(Optional.of(SpecDigest.of(definition(r)))))
        .or(() -> hash.flatMap(h -> revisions.list(family).stream()
            .filter(r -> SpecDigest.of(definition(r)).equals(h))
            .max(Comparator.comparingInt(r -> r.taskDefinition().revision()))))
        .map(r -> r.taskDefinition().revision()).orElse(0);
    return new CloudService(spec.withTaskDefinition(family + ":" + revision), family, revision, o);
  }

  private static void check(DesiredKind kind, String name, Clusters.Cluster cluster,
      JsonNode spec) {
    List<Violation> violations = SpecCheck.violations(kind, name, cluster.selector().toString(),
        spec);
    if (!violations.isEmpty()) {
      throw ServiceRequests.invalid(violations);
    }
  }
}
