package dev.backroom.hub.ecs;

import dev.backroom.ecs.arn.Arns;
import dev.backroom.ecs.wire.EcsError;
import dev.backroom.ecs.wire.EcsRequest;
import dev.backroom.hub.sync.SyncStatus;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The hub's one ECS cluster: the store. Its name is {@code backroom.ecs.cluster}, else the store
 * id once the hub is enrolled with a cloud, else {@code default}; {@code default} is always
 * accepted too, because a pipeline that never names a cluster means the one it talks to.
 */
@ApplicationScoped
public class HubCluster {
  public static final String DEFAULT = "default";
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,255}");

  @Inject EcsConfig config;
  @Inject SyncStatus sync;
  private Arns arns;

  @PostConstruct
  void init() {
    // a bad region or account id stops the hub at start, naming the setting
    try {
      arns = new Arns(config.region(), config.accountId());
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("backroom.ecs.region / backroom.ecs.account-id: "
          + e.getMessage(), e);
    }
    config.cluster().filter(c -> !NAME.matcher(c).matches()).ifPresent(c -> {
      throw new IllegalStateException("backroom.ecs.cluster: a cluster name is 1 to 255 letters,"
          + " digits, hyphens and underscores, got: " + c);
    });
  }

  public Arns arns() {
    return arns;
  }

  public String name() {
    if (config.cluster().isPresent()) {
      return config.cluster().get();
    }
    String store = sync.view().storeId();
    return store != null && NAME.matcher(store).matches() ? store : DEFAULT;
  }

  public String arn() {
    return arns.cluster(name());
  }

  /** Whether a cluster name or ARN names this cluster. */
  public boolean isThis(String reference) {
    String name = arns.clusterName(reference);
    return name.equals(name()) || name.equals(DEFAULT);
  }

  /** The request's {@code cluster} member, if given, must name this cluster. */
  public void require(EcsRequest request) {
    require(request.string("cluster"));
  }

  /** An ARN's cluster, if it names one, must be this cluster. */
  public void require(Optional<String> cluster) {
    if (cluster.isPresent() && !isThis(cluster.get())) {
      throw EcsError.clusterNotFound();
    }
  }
}
