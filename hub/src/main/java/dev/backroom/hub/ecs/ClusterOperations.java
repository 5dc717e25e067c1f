package dev.backroom.hub.ecs;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.backroom.ecs.paging.Paging;
import dev.backroom.ecs.wire.EcsDispatcher;
import dev.backroom.ecs.wire.EcsError;
import dev.backroom.ecs.wire.EcsJson;
import dev.backroom.ecs.wire.EcsRequest;
import dev.backroom.hub.views.DeviceView;
import dev.backroom.hub.views.DeviceViews;
import dev.backroom.hub.views.ServiceView;
import dev.backroom.hub.views.ServiceViews;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Set;

/** ListClusters and DescribeClusters: the hub has one cluster, the store ({@link HubCluster}). */
@ApplicationScoped
public class ClusterOperations implements EcsOperationSet {
  /** DescribeClusters' {@code include} values; each is accepted, and what it adds is empty. */
  static final Set<String> INCLUDE = Set.of("ATTACHMENTS", "CONFIGURATIONS", "SETTINGS",
      "STATISTICS", "TAGS");

  @Inject HubCluster cluster;
  @Inject ServiceViews services;
  @Inject DeviceViews devices;

  @Override
  public void register(EcsDispatcher.Builder<EcsCaller> ops) {
    ops.read("ListClusters", Set.of("maxResults", "nextToken"), (r, c) -> list(r));
    ops.read("DescribeClusters", Set.of("clusters", "include"), (r, c) -> describe(r));
  }

  ObjectNode list(EcsRequest r) {
    Paging.Page<String> page = Paging.page(List.of(cluster.arn()), a -> a, r, 100);
    ObjectNode out = EcsJson.mapper().createObjectNode();
    page.items().forEach(out.putArray("clusterArns")::add);
    page.nextToken().ifPresent(t -> out.put("nextToken", t));
    return out;
  }

  ObjectNode describe(EcsRequest r) {
    for (String include : r.strings("include")) {
      if (!INCLUDE.contains(include)) {
        throw EcsError.invalidParameter("include: unknown value " + include + "; one of "
            + String.join(", ", new java.util.TreeSet<>(INCLUDE)));
      }
    }
    List<String> asked = r.strings("clusters");
    ObjectNode out = EcsJson.mapper().createObjectNode();
    ArrayNode clusters = out.putArray("clusters");
    ArrayNode failures = out.putArray("failures");
    // No clusters named means the default cluster, as on ECS.
    for (String ref : asked.isEmpty() ? List.of(HubCluster.DEFAULT) : asked) {
      boolean ours;
      try {
        ours = cluster.isThis(ref);
      } catch (EcsError e) {
        ours = false;
      }
      if (ours) {
        clusters.add(view());
      } else {
        failures.addObject().put("arn", ref).put("reason", "MISSING");
      }
    }
    return out;
  }

  private ObjectNode view() {
    List<ServiceView> svc = services.list();
    List<DeviceView> dev = devices.list();
    ObjectNode c = EcsJson.mapper().createObjectNode();
    c.put("clusterArn", cluster.arn());
    c.put("clusterName", cluster.name());
    c.put("status", "ACTIVE");
    c.put("registeredContainerInstancesCount", dev.size());
    c.put("runningTasksCount", svc.stream().mapToLong(ServiceView::runningCount).sum());
    c.put("pendingTasksCount", svc.stream().mapToLong(ServiceView::pendingCount).sum());
    c.put("activeServicesCount", svc.size());
    c.putArray("statistics");
    c.putArray("tags");
    c.putArray("settings");
    c.putArray("capacityProviders");
    c.putArray("defaultCapacityProviderStrategy");
    return c;
  }
}
