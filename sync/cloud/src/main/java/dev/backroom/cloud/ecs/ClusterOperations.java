package dev.backroom.cloud.ecs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.backroom.cloud.desired.DesiredStore;
import dev.backroom.cloud.reports.ReportStore;
import dev.backroom.cloud.stores.StoreRecord;
import dev.backroom.ecs.paging.Paging;
import dev.backroom.ecs.shapes.Tags;
import dev.backroom.ecs.wire.EcsDispatcher;
import dev.backroom.ecs.wire.EcsError;
import dev.backroom.ecs.wire.EcsJson;
import dev.backroom.ecs.wire.EcsRequest;
import dev.backroom.sync.wire.DesiredKind;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * ListClusters and DescribeClusters: every store and every store group ({@link Clusters}). The
 * counts come from what the cloud knows: the stores' last reports (devices, tasks) and their
 * effective desired services; a store that never reported counts 0.
 */
@ApplicationScoped
public class ClusterOperations implements EcsOperationSet {
  /**
   * DescribeClusters' {@code include} values; each is accepted, and all but TAGS (the
   * cluster's tags) add an empty list.
   */
  static final Set<String> INCLUDE = Set.of("ATTACHMENTS", "CONFIGURATIONS", "SETTINGS",
      "STATISTICS", "TAGS");

  @Inject Clusters clusters;
  @Inject ReportStore reports;
  @Inject DesiredStore desired;
  @Inject CloudTags tags;

  @Override
  public void register(EcsDispatcher.Builder<EcsCaller> ops) {
    ops.read("ListClusters", Set.of("maxResults", "nextToken"), (r, c) -> list(r));
    ops.read("DescribeClusters", Set.of("clusters", "include"), (r, c) -> describe(r));
  }

  ObjectNode list(EcsRequest r) {
    List<String> arns = clusters.all().stream()
        .map(c -> clusters.arns().cluster(c.name())).toList();
    Paging.Page<String> page = Paging.page(arns, a -> a, r, 100);
    ObjectNode out = EcsJson.mapper().createObjectNode();
    page.items().forEach(out.putArray("clusterArns")::add);
    page.nextToken().ifPresent(t -> out.put("nextToken", t));
    return out;
  }

  ObjectNode describe(EcsRequest r) {
    for (String include : r.strings("include")) {
      if (!INCLUDE.contains(include)) {
        throw EcsError.invalidParameter("include: unknown value " + include + "; one of "
            + String.join(", ", new TreeSet<>(INCLUDE)));
      }
    }
    boolean withTags = r.strings("include").contains("TAGS");
    List<String> asked = r.strings("clusters");
    ObjectNode out = EcsJson.mapper().createObjectNode();
    ArrayNode found = out.putArray("clusters");
    ArrayNode failures = out.putArray("failures");
    // No clusters named means the default cluster, as on ECS: only a store or group so named.
    for (String ref : asked.isEmpty() ? List.of("default") : asked) {
      Optional<Clusters.Cluster> cluster;
      try {
        cluster = clusters.find(ref);
      } catch (EcsError e) {
        cluster = Optional.empty();
      }
      if (cluster.isPresent()) {
        found.add(view(cluster.get(), withTags));
      } else {
        failures.addObject().put("arn", ref).put("reason", "MISSING");
      }
    }
    return out;
  }

  private ObjectNode view(Clusters.Cluster cluster, boolean withTags) {
    long devices = 0;
    long running = 0;
    long pending = 0;
    Set<String> services = new HashSet<>();
    for (StoreRecord store : clusters.storesOf(cluster)) {
      Optional<ReportStore.ReportView> report = reports.view(store.id(), 0);
      if (report.isPresent()) {
        devices += report.get().devices().size();
        for (JsonNode task : report.get().tasks()) {
          if (!ReportedStores.shouldRun(task)) {
            continue; // a recently stopped task, reported for a while
          }
          if ("RUNNING".equals(task.path("lastStatus").asText())) {
            running++;
          } else {
            pending++;
          }
        }
      }
      desired.effective(store.id()).stream().filter(o -> o.kind() == DesiredKind.SERVICE)
          .forEach(o -> services.add(o.name()));
    }
    ObjectNode c = EcsJson.mapper().createObjectNode();
    c.put("clusterArn", clusters.arns().cluster(cluster.name()));
    c.put("clusterName", cluster.name());
    c.put("status", "ACTIVE");
    c.put("registeredContainerInstancesCount", devices);
    c.put("runningTasksCount", running);
    c.put("pendingTasksCount", pending);
    c.put("activeServicesCount", services.size());
    c.putArray("statistics");
    c.set("tags", withTags ? Tags.json(tags.list(clusters.arns().cluster(cluster.name())))
        : EcsJson.mapper().createArrayNode());
    c.putArray("settings");
    c.putArray("capacityProviders");
    c.putArray("defaultCapacityProviderStrategy");
    return c;
  }
}
