package dev.backroom.cloud.ecs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backroom.cloud.reports.ReportStore;
import dev.backroom.cloud.stores.StoreRecord;
import dev.backroom.ecs.arn.Arns;
import dev.backroom.ecs.wire.EcsError;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the stores of a cluster last reported: their devices (the hub's device views) and their
 * tasks (the hub's task records with their containers: those its devices should run and the
 * recently stopped ones, {@link #shouldRun} tells them apart). The cloud sees nothing else of
 * tasks and devices, so its task and container-instance operations read only this.
 *
 * <p>Ids: on a store's own cluster a task or container instance keeps the id its hub gives it
 * (so the ARN is the one the store's hub answers: its cluster is named by the store id); on a
 * group cluster the id is {@code <store id>.<hub's id>}. Store ids hold no dot, so the first dot
 * splits it.
 */
@ApplicationScoped
public class ReportedStores {
  @Inject Clusters clusters;
  @Inject ReportStore reports;

  /** One store's last report; a store that never reported has none and is left out. */
  public record Reported(String storeId, JsonNode devices, JsonNode tasks) {}

  /** A store-local id resolved: the store and the hub's own id. */
  public record LocalId(String storeId, String id) {}

  public List<Reported> of(Clusters.Cluster cluster) {
    List<Reported> out = new ArrayList<>();
    for (StoreRecord s : clusters.storesOf(cluster)) {
      reports.view(s.id(), 0).ifPresent(v -> out.add(new Reported(s.id(), v.devices(),
          v.tasks())));
    }
    return out;
  }

  /**
   * Whether a reported task belongs in its device's assignment (desired RUNNING), as every task
   * of an older hub's batch does; the others are recently stopped tasks.
   */
  public static boolean shouldRun(JsonNode task) {
    return "RUNNING".equals(task.path("desiredStatus").asText("RUNNING"));
  }

  /** The id a cluster shows for the hub's {@code id} at {@code storeId}. */
  public static String shownId(Clusters.Cluster cluster, String storeId, String id) {
    return cluster.group() ? storeId + "." + id : id;
  }

  /**
   * The store and hub id a task or container-instance reference names in {@code cluster}; empty
   * when it names another cluster, or (group clusters) a store outside the group.
   *
   * @throws EcsError InvalidParameterException for a malformed reference
   */
  public Optional<LocalId> resolve(Clusters.Cluster cluster, Arns.Kind kind, String reference) {
    Arns.Ref ref = clusters.arns().parse(kind, reference);
    if (ref.cluster().isPresent() && !ref.cluster().get().equals(cluster.name())) {
      return Optional.empty();
    }
    if (!cluster.group()) {
      return Optional.of(new LocalId(cluster.name(), ref.name()));
    }
    int dot = ref.name().indexOf('.');
    if (dot < 1 || dot == ref.name().length() - 1) {
      return Optional.empty();
    }
    String store = ref.name().substring(0, dot);
    boolean member = clusters.storesOf(cluster).stream().anyMatch(s -> s.id().equals(store));
    return member ? Optional.of(new LocalId(store, ref.name().substring(dot + 1)))
        : Optional.empty();
  }
}
