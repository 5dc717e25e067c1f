package dev.backroom.sync.wire;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One object of a store's effective desired state, put or removed; spec is null for DELETE.
 * {@code redeploys} is how many times the cloud forced a new deployment of a SERVICE (ECS
 * UpdateService's {@code forceNewDeployment}); null (absent on the wire) when never, and on
 * DELETEs. A hub redeploys the service when the count grows past the last one it applied.
 */
public record DesiredChange(DesiredKind kind, String name, ChangeOp op, JsonNode spec,
    Integer redeploys) {
  /** A change with no forced redeploy. */
  public DesiredChange(DesiredKind kind, String name, ChangeOp op, JsonNode spec) {
    this(kind, name, op, spec, null);
  }

  /** The count, 0 when absent. */
  public int redeploysOrZero() {
    return redeploys == null ? 0 : redeploys;
  }
}
