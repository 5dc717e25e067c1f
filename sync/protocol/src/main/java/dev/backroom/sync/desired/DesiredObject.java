package dev.backroom.sync.desired;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backroom.sync.selector.LabelSelector;
import dev.backroom.sync.wire.DesiredKind;
import java.time.Instant;
import java.util.Objects;

/**
 * One object an operator put into the cloud: (kind, name, selector) identifies it, so the same
 * name may exist once broadly and once per store. {@code specHash} is {@link SpecDigest#of}.
 */
public record DesiredObject(
    DesiredKind kind, String name, LabelSelector selector, JsonNode spec, String specHash,
    Instant updatedAt) {
  public DesiredObject {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(selector, "selector");
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(updatedAt, "updatedAt");
    specHash = specHash == null ? SpecDigest.of(spec) : specHash;
  }

  /** An object whose hash is computed from {@code spec}. */
  public static DesiredObject of(DesiredKind kind, String name, LabelSelector selector,
      JsonNode spec, Instant updatedAt) {
    return new DesiredObject(kind, name, selector, spec, null, updatedAt);
  }

  public ObjectKey key() {
    return new ObjectKey(kind, name);
  }
}
