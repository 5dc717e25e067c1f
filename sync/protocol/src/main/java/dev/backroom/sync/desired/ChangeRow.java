package dev.backroom.sync.desired;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backroom.sync.wire.ChangeOp;
import dev.backroom.sync.wire.DesiredChange;
import dev.backroom.sync.wire.DesiredKind;

/** One row of a store's change log: object {@code (kind, name)} changed at {@code revision}. */
public record ChangeRow(long revision, DesiredKind kind, String name, ChangeOp op, JsonNode spec) {
  public static ChangeRow of(long revision, DesiredChange c) {
    return new ChangeRow(revision, c.kind(), c.name(), c.op(), c.spec());
  }

  public ObjectKey key() {
    return new ObjectKey(kind, name);
  }

  public DesiredChange change() {
    return new DesiredChange(kind, name, op, op == ChangeOp.DELETE ? null : spec);
  }
}
