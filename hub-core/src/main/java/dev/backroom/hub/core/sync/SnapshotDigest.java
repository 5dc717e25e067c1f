package dev.backroom.hub.core.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.backroom.sync.desired.SpecDigest;
import dev.backroom.sync.wire.SyncJson;
import java.util.List;

/**
 * What the report snapshots say, minus the fields that change on every heartbeat: equal digests
 * mean a new batch would tell the cloud nothing it does not know.
 */
public final class SnapshotDigest {
  /** Moves with every heartbeat; the periodic refresh keeps the cloud's copy recent enough. */
  public static final String VOLATILE_DEVICE_FIELD = "lastSeen";

  private SnapshotDigest() {}

  public static String of(List<JsonNode> devices, List<JsonNode> tasks, List<JsonNode> deployments) {
    var root = SyncJson.mapper().createObjectNode();
    var ds = root.putArray("devices");
    for (JsonNode d : devices) {
      JsonNode copy = d.deepCopy();
      if (copy instanceof ObjectNode o) {
        o.remove(VOLATILE_DEVICE_FIELD);
      }
      ds.add(copy);
    }
    root.putArray("tasks").addAll(tasks);
    root.putArray("deployments").addAll(deployments);
    return SpecDigest.of(root);
  }
}
