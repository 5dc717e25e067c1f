package dev.backroom.sync.desired;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backroom.sync.wire.ChangeOp;
import dev.backroom.sync.wire.DesiredChange;
import dev.backroom.sync.wire.DesiredKind;

/**
 * One row of a store's change log: object {@code (kind, name)} changed at {@code revision};
 * {@code redeploys} as {@link DesiredChange#redeploys()}.
 */
public record ChangeRow(long revision, DesiredKind kind, String name, ChangeOp op, JsonNode spec,
    Integer redeploys) {
  public ChangeRow(long revision, DesiredKind kind, String name, ChangeOp op, JsonNode spec) {
    this(revision, kind, name, op, spec, null);
  }

  public static ChangeRow of(long revision, DesiredChange c) {
    return new ChangeRow(revision, c.kind(), c.name(), c.op(), c.spec(), c.redeploys());
  }

  public ObjectKey key() {
    return new ObjectKey(kind, name);
  }

  public DesiredChange change() {
    return op == ChangeOp.DELETE ? new DesiredChange(kind, name, op, null)
        : new DesiredChange(kind, name, op, spec, redeploys);
  }
}
