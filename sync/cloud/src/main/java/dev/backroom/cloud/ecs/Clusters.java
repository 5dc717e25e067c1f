package dev.backroom.cloud.ecs;

import dev.backroom.cloud.config.CloudConfig;
import dev.backroom.cloud.groups.StoreGroupTable;
import dev.backroom.cloud.stores.StoreRecord;
import dev.backroom.cloud.stores.StoreStore;
import dev.backroom.ecs.arn.Arns;
import dev.backroom.ecs.wire.EcsError;
import dev.backroom.sync.selector.LabelSelector;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The cloud's ECS clusters: every store (named by its id, selecting that store only) and every
 * store group (named by the group, selecting what its selector matches). A name is one or the
 * other: the REST API refuses a group named as a store and a store named as a group.
 */
@ApplicationScoped
public class Clusters {
  @Inject CloudConfig config;
  @Inject StoreStore stores;
  @Inject StoreGroupTable groups;
  private Arns arns;

  /** A cluster: its name, whether it is a group, and the selector its writes get. */
  public record Cluster(String name, boolean group, LabelSelector selector) {}

  @PostConstruct
  void init() {
    // a bad region or account id stops the cloud at start, naming the setting
    try {
      arns = new Arns(config.ecs().region(), config.ecs().accountId());
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("backroom.cloud.ecs.region / backroom.cloud.ecs.account-id: "
          + e.getMessage(), e);
    }
  }

  public Arns arns() {
    return arns;
  }

  /** Every cluster, by name. */
  public List<Cluster> all() {
    List<Cluster> out = new ArrayList<>();
    stores.list().forEach(s -> out.add(store(s.id())));
    groups.list().forEach(g -> out.add(new Cluster(g.name(), true, g.selector())));
    out.sort(Comparator.comparing(Cluster::name));
    return out;
  }

  /**
   * The cluster a name or ARN names, if any.
   *
   * @throws EcsError InvalidParameterException when the reference is no cluster name or ARN
   */
  public Optional<Cluster> find(String reference) {
    String name = arns.clusterName(reference);
    if (stores.find(name).isPresent()) {
      return Optional.of(store(name));
    }
    return groups.find(name).map(g -> new Cluster(g.name(), true, g.selector()));
  }

  /** The cluster a name or ARN names; ClusterNotFoundException when none. */
  public Cluster require(String reference) {
    return find(reference).orElseThrow(EcsError::clusterNotFound);
  }

  /** The stores a cluster holds now. */
  public List<StoreRecord> storesOf(Cluster cluster) {
    return stores.list().stream().filter(s -> cluster.selector().matches(s.labels())).toList();
  }

  private static Cluster store(String id) {
    return new Cluster(id, false, LabelSelector.forStore(id));
  }
}
