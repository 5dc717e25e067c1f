package dev.backroom.cloud.ecs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.backroom.ecs.wire.EcsError;
import dev.backroom.ecs.wire.EcsRequest;

/**
 * Operations whose objects live on a store's hub only (device attributes): the sync protocol
 * carries desired task definitions, services and one-off tasks down and reports up, nothing
 * else, so the cloud cannot do them. They are refused, never accepted and dropped,
 * with where to do them instead. The cluster is checked first, so a wrong cluster is still
 * ClusterNotFoundException.
 */
final class HubOnly {
  private HubOnly() {}

  static ObjectNode refuse(Clusters clusters, EcsRequest r, String operation, String why) {
    Clusters.Cluster cluster = clusters.require(r.string("cluster").orElse("default"));
    String where = cluster.group()
        ? "on the hub of each store of group " + cluster.name() + " (https://<hub>/ecs, with"
            + " the store id as --cluster)"
        : "on store " + cluster.name() + "'s hub (https://<hub>/ecs, with --cluster "
            + cluster.name() + ")";
    throw EcsError.client(operation + " is not served by the cloud: " + why + ". Call it "
        + where + ".");
  }
}
